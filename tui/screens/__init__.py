"""Screens shown over the app: help, progress, confirmations."""
