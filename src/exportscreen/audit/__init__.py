"""Audit trail around screening.

:mod:`exportscreen.reviews` keeps reviewers' recorded decisions on restricted-party hits;
:mod:`exportscreen.audit.store` keeps a tamper-evident log of every screening run and every
declaration it screened (schema in :mod:`exportscreen.audit.migrations`).
"""
