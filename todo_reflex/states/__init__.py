"""Reflex states, one module per concern."""
