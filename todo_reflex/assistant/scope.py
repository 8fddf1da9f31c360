"""What is outside the assistant's job (music, weather, lights, news, trivia), and questions.

A home speaker hears "play some jazz", "weather on tuesday" and "turn off the lights"; a task
assistant must answer those with what it can do and write nothing. ``outside_tasks`` spots the
domains of such commands by their words, unless the message plainly talks about tasks
("remind me to check the weather", "add buy a radio").
"""

from __future__ import annotations

import re

_DOMAINS = re.compile(r"\b(?:" + "|".join((
    # weather
    r"weather|forecast|temperature|degrees|rain(?:ing|y)?|snow(?:ing|y)?|umbrella|sunny|"
    r"humid(?:ity)?|fog(?:gy)?|windy|sunset|sunrise|hurricane|storm",
    # music, radio, podcasts, audio
    r"music|songs?|sung|sing|playlists?|album|artist|radio|podcasts?|episode|audiobook|playback|"
    r"pandora|spotify|shoutcast|station|fm|volume|louder|quieter|mute|unmute|sound\s+(?:up|down)",
    # smart home
    r"lights?|lighting|lamps?|bulbs?|brightness|plug|socket|wemo|hue|thermostat|heating",
    # news, knowledge, money
    r"news|headlines|articles|stocks?|share\s+price|exchange\s+rates?|currency|dollars?|euros?|"
    r"rupees?|pounds\s+to|define|definition|meaning|trivia|jokes?|riddle|fact|capital\s+of|"
    r"population|lottery|jackpot|calculation|calculator|plus|minus|divided|multiplied|square\s+root",
    # food, places, transport, media
    r"recipes?|cooking|ideas\s+for\s+(?:dinner|lunch|breakfast)|(?:some|any)\s+ideas|restaurants?|takeaway|takeout|"
    r"near\s+me|around\s+me|nearby|in\s+my\s+(?:area|city|locality|neighbou?rhood)|local\s+events|"
    r"trains?\s+(?:times?|to|schedules?)|train\s+times?|trains|taxi|uber|lyft|traffic|route\s+to|"
    r"directions\s+to|how\s+far|videos?|movies?|netflix|youtube|tv\s+show",
    # device, time, social
    r"alarms?|wake\s+me|what\s+time\s+is\s+it|(?:the\s+)?time\s+in\s+(?!the\b)[a-z]+|time\s+zones?|tweet|twitter|"
    r"facebook|instagram|battery|wi-?fi|bluetooth",
    # sport results
    r"highlights|who\s+won|final\s+score|(?:the\s+)?score\s+(?:of|in)\s+the",
)) + r")\b", re.I)
_OTHER_VERBS = re.compile(r"^(?:play|replay|resume|pause|skip|shuffle|stream|listen\s+to|turn\s+"
                          r"(?:on|"
                          r"off|up|down)|switch\s+(?:on|off)|dim|brighten|increase|decrease|"
                          r"wake\s+me|i\s+(?:like|love|hate)|solve|translate|spell|define)\b"
                          r"|^(?:make|turn|set|change|paint)\s+(?:the\s+|my\s+)?(?:[a-z]+\s+){0,3}"
                          r"(?:blue|red|green|purple|pink|yellow|orange|white|warm|cool|dark|"
                          r"brighter|darker|dimmer)$",
                          re.I)
_WISH = re.compile(r"^i\s+(?:need|want|would\s+like|'d\s+like)\s+(?=(?:some|any|a|an|the)\s)", re.I)
_ABOUT_TASKS = re.compile(
    r"\b(?:tasks?|to-?dos?|to\s+do|list|reminders?|remind|calendar|agenda|schedule[ds]?|due|"
    r"deadline|overdue|priority|events?|appointments?|meetings?)\b|#\w", re.I)
_QUESTION = re.compile(
    r"^(?:what|what's|whats|who|who's|whom|whose|when|where|why|how|how's|which|is|isn't|are|"
    r"aren't|was|were|will|won't|would|could|can|do|does|did|should|shall|am|has|have|had|any|"
    r"tell\s+me|let\s+me\s+know|explain|show\s+me\s+how|(?:check|see|find\s+out|look)\s+"
    r"(?:if|whether|what|when))\b|\?\s*$", re.I)


# adding to another app's collection ("this song to my playlist", "milk to my amazon cart"), or
# making one of its things ("create a playlist", "add a new contact", "add an alarm")
_OTHER_APPS = re.compile(
    r"\b(?:to|on|in|into|onto)\s+(?:my|the|this|our)\s+(?:[\w']+\s+)?(?:playlists?|favou?rites|"
    r"contacts?|address\s+book|phone\s*book|cart|basket|watch\s*list)\b"
    r"|\blists?\s+of\s+(?:my\s+|the\s+)?(?:contacts|phone\s+numbers|emails?\s+addresses)\b"
    r"|\bcontacts?\s+lists?\b"
    r"|^(?:add|create|make|save|set|start|new)\s+(?:up\s+)?(?:(?:a|an|my|the|one)\s+)?(?:new\s+)?"
    r"(?:playlists?|contacts?|alarms?|timers?|stations?|albums?)\b"
    r"|^record\s+(?:the\s+|my\s+|this\s+)?(?:[\w']+\s+)?(?:game|show|match|episode|movie|film|"
    r"program(?:me)?|series|news)\b", re.I)
# bookings and orders other services make: a to-do only if the person says so
_BOOKING = re.compile(
    r"^(?:book|reserve|order|call|schedule)\s+(?:me\s+|us\s+)?(?:(?:a|an|the|some|two|"
    r"\d+)\s+)?(?:[\w']+\s+)?(?:flights?|hotels?|tickets?|trains?|taxis?|cabs?|ubers?|lyfts?|rides?|"
    r"tables?|rooms?|rental\s+cars?|seats?|pizzas?|takeaway|take-?out|delivery|food)\b", re.I)


def other_apps_job(text: str) -> bool:
    """True when ``text`` adds to or makes a thing of another app (a playlist, a contact)."""
    return bool(_OTHER_APPS.search(text))


# messages another app sends now ("send an email to john about…", "email my boss that…")
_MESSAGE = re.compile(
    r"^(?:send|write|compose|draft)\s+(?:an?\s+)?(?:e-?mail|message|text|sms)\s+to\b"
    r"|^schedule\s+(?:an?\s+|the\s+|my\s+)?(?:e-?mail|message|text|sms|tweet|post)s?\b"
    r"|^(?:e-?mail|text|message)\s+(?:my\s+|the\s+)?[\w']+\s+(?:that|saying|to\s+say|about)\b"
    r"|^reply\s+to\b", re.I)


# money moved by another service: "add money to my bus pass", "put twenty dollars on my card"
_PAYMENT = re.compile(
    r"^(?:add|put|load|top\s+up)\s+(?:some\s+|more\s+)?(?:money|credit|funds|cash|\$?\d+(?:\.\d+)?\s*"
    r"(?:dollars|bucks|pounds|euros)?)\s+(?:to|on|onto|into)\s+(?:my|the)\b", re.I)


def another_service_job(text: str) -> bool:
    """True when ``text`` asks for a booking, an order or a message another service sends now.

    "book a flight", "order a pizza", "email my boss that i'm late": a to-do only when the
    person says so ("remind me to email john").
    """
    return bool(_BOOKING.match(text) or _MESSAGE.match(text) or _PAYMENT.match(text))


def outside_tasks(text: str) -> bool:
    """True when ``text`` belongs to another assistant's job and says nothing about tasks."""
    text = _WISH.sub("", text)
    return bool(_DOMAINS.search(text) or _OTHER_VERBS.match(text)) and not _ABOUT_TASKS.search(text)


def is_question(text: str) -> bool:
    """True when ``text`` asks something rather than telling the assistant what to do."""
    return bool(_QUESTION.search(text))
