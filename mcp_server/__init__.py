"""FastMCP task server: the task tools behind one token-checked contract."""
