"""Forget one user's data in this browser's state when another may sign in next."""

from __future__ import annotations

import reflex as rx


async def forget_user_data(state: rx.State) -> None:
    """Reset every state that holds a user's tasks, threads, messages, profile or tokens."""
    from todo_reflex.states.account import AccountState
    from todo_reflex.states.api_tokens import TokensState
    from todo_reflex.states.chat import ChatState, ReplyState
    from todo_reflex.states.task_form import TaskFormState
    from todo_reflex.states.task_panel import TaskPanelState
    from todo_reflex.states.tasks import TaskActionsState, TaskListState
    from todo_reflex.states.threads import ThreadListState
    from todo_reflex.states.your_data import YourDataState

    for private in (AccountState, TokensState, ChatState, TaskFormState, TaskPanelState,
                    TaskListState, TaskActionsState, ThreadListState, YourDataState,
                    ReplyState):
        (await state.get_state(private)).reset()
