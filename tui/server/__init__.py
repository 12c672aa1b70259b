"""A login server for a class: one process with the app already imported forks a
ready app for every login.

A fresh ``python -m tui`` spends most of its first second importing Textual and
parsing the course; thirty students logging in at once pay that thirty times on
the same cores. ``python -m tui serve SOCKET`` pays it once: each login's
``python -I -m tui`` (with ``NN_BASICS_SERVER=SOCKET``) hands its terminal to the
server over a Unix socket (``attach``), and a forked child (``seat``) becomes that
student (their uid, groups, cgroup, environment, working directory) and runs the
app on that terminal. Pages of the imported code stay shared between all seats.

Without a server (no variable, no socket, or a refusal) the login simply runs the
app itself, as before: the server only makes logins cheaper.
"""
