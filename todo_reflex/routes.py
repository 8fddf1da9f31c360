"""Every route of the web app, in one place."""

INDEX = "/"
LOGIN = "/login"
SIGNUP = "/signup"
FORGOT = "/forgot"
RESET = "/reset"  # the link in reset mail: core.password_reset.RESET_PATH
CHAT = "/chat"
TASKS = "/tasks"
ACCOUNT = "/account"
