"""The kernel child: runs learner code in a limited process (``python -m tui.sandbox``).

Kept import-free: the UI process imports ``tui.sandbox.protocol`` and must not pay
for (or load NumPy through) anything else here.
"""
