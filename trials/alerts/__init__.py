"""E-mail alerts: follow a list search, confirmed by mail, sent as digests of what changed.

tokens (signed links) -> subscriptions (subscribe, confirm, unsubscribe) -> queries (a
search saved and matched) -> digest (what changed for each subscription) -> mail (messages)
-> sending (one run of ``manage.py send_alerts``). See docs/alerts.md.
"""
