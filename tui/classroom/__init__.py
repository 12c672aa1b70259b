"""A class over SSH, as plain files: no daemon, no setuid helper, identity from the OS.

The model, free of Textual (the `class` commands and the tests use it without a
screen): the class directory and its checks (`layout`), safe file access in a
directory others can tamper with (`safeio`), a student's record as hostile input
(`records`), working/idle/stuck/gone (`states`), session liveness by flock
(`liveness`), the teacher's view (`roster`), what teachers send (`board`), a
student session's side (`link`) and the report (`report`, `cli`).
"""
