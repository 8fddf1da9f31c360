"""Domain core: models, services, auth, cache and settings. No Reflex import here."""
