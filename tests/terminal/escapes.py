"""The cell a student runs to get out of kiosk mode, and how to read what it achieved.

Used by tests/terminal/test_kiosk_escapes.py (a throwaway account, no sshd) and tests/terminal/test_ssh.py
(the real thing). The cell prints one JSON line: for each way out, "done" if it
worked, else the exception's name.
"""

from __future__ import annotations

import json
import re

CELL = """\
import glob, json, os, signal, socket
home = os.path.expanduser('~')
out = {}
def attempt(name, action):
    try:
        action()
        out[name] = 'done'
    except Exception as exc:
        out[name] = type(exc).__name__
def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'a') as file:
        file.write(text)
attempt('tui_main', lambda: write(home + '/tui/__main__.py', 'import os; os.execv("/bin/sh", ["sh"])\\n'))
attempt('bashrc', lambda: write(home + '/.bashrc', 'exec sh\\n'))
attempt('ssh_rc', lambda: write(home + '/.ssh/rc', 'exec sh\\n'))
attempt('pth', lambda: write(home + '/.local/lib/python3.11/site-packages/x.pth', 'import os\\n'))
attempt('app_fd', lambda: os.open(f'/proc/{os.getppid()}/fd/0', os.O_WRONLY))
terminals = glob.glob('/dev/pts/[0-9]*')
out['terminals'] = len(terminals)
attempt('pts', lambda: [os.open(name, os.O_WRONLY) for name in terminals])
attempt('tty', lambda: os.open('/dev/tty', os.O_WRONLY))
attempt('stop_app', lambda: os.kill(os.getppid(), signal.SIGSTOP))
attempt('tcp', lambda: socket.create_connection(('127.0.0.1', PORT), timeout=2))
status = open('/proc/self/status').read()
out['no_new_privs'] = status.split('NoNewPrivs:')[1].split()[0]
attempt('own_folder', lambda: write('mine/notes.txt', 'allowed'))
print('ESCAPES', json.dumps(out))
worked = [way for way in WAYS if out[way] == 'done']
print('WORKED', ','.join(worked) or '-', 'TERMINALS', out['terminals'], 'NNP', out['no_new_privs'])
"""
"""``PORT`` is replaced by a TCP port something listens on (the connection must fail).
The last line sums it up in a few words (it fits on an 80-column screen)."""

WAYS_OUT = ("tui_main", "bashrc", "ssh_rc", "pth", "app_fd", "pts", "tty", "stop_app", "tcp")

SUMMARY = re.compile(r"WORKED (\S+) TERMINALS (\d+) NNP (\d)")


def cell(port: int) -> str:
    return f"WAYS = {WAYS_OUT!r}\n" + CELL.replace("PORT", str(port))


def parse(output: str) -> dict[str, str]:
    """The cell's report, from its output (the line starting with ESCAPES)."""
    line = next(line for line in output.splitlines() if line.startswith("ESCAPES "))
    return json.loads(line.removeprefix("ESCAPES "))


def worked(report: dict[str, str]) -> list[str]:
    """The ways out that worked (should be none)."""
    return [way for way in WAYS_OUT if report.get(way) == "done"]
