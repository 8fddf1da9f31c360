"""Every route of the web app, in one place."""

INDEX = "/"
LOGIN = "/login"
SIGNUP = "/signup"
CHAT = "/chat"
TASKS = "/tasks"
ACCOUNT = "/account"
