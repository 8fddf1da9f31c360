"""Domain core: models, services, auth, cache and settings. No Reflex import here.

A service that touches the database takes everything by keyword, the caller's ``session``
first: ``tasks.add_task(session=session, actor=actor, data=data)``, ``users.get_user(session=
session, user_id=7)``. It flushes but never commits; the caller's ``db.session_scope`` owns the
transaction. Limits of what callers may send live in ``limits``.
"""
