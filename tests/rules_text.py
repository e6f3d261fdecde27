"""Rules-file text shared by the tests that write small control lists of their own."""

# The header every valid control list needs; tests append items (and sometimes more keys).
CONTROL_LIST_HEAD = """\
kind: control_list
id: test-list
title: Test list
authority: Test authority
announcement: Test Announcement No. 1
issued: 2024-01-01
effective: 2024-02-01
reviewed: 2024-03-01
confidence: confirmed
sources: [https://example.org]
"""
