"""Accounts for the coach server: passwords, tokens, roles and who may see and change what.

Pure functions and values, no database: the store keeps users, squads and token hashes; the
web app asks :func:`miler.accounts.policy.allowed` before every read or change. Kept apart so
the authorization rules are one function that every route and every job calls, and that a
test can check over every route of the app.
"""
