"""Widgets of the tutorial: each renders one thing and talks upward with messages."""
