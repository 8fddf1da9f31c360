"""Prometheus metrics shared by the app and the MCP server (names from DESIGN.md)."""

from __future__ import annotations

from prometheus_client import Counter, Histogram

HTTP_REQUESTS = Counter(
    "http_requests_total", "HTTP requests served", ["method", "path", "status"]
)
HTTP_DURATION = Histogram(
    "http_request_duration_seconds", "HTTP request latency in seconds", ["method", "path"]
)
CHAT_MESSAGES = Counter("chat_messages_total", "Chat messages handled", ["role"])
MCP_TOOL_CALLS = Counter(
    "mcp_tool_calls_total", "MCP tool calls", ["tool_name", "outcome"]
)
MCP_TOOL_DURATION = Histogram(
    "mcp_tool_call_duration_seconds", "MCP tool call latency in seconds", ["tool_name"]
)
TASK_OPERATIONS = Counter("task_operations_total", "Task service operations", ["operation"])


def task_operation(operation: str) -> None:
    """Count one task service operation."""
    TASK_OPERATIONS.labels(operation=operation).inc()
