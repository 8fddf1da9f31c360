"""AI Task Assistant: the Reflex web app package (UI code lives outside ``core``)."""
