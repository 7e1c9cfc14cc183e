"""The partner health check: rounds in which everyone in a partnership, police and
partners, rates the assessment statements (knowledge/assessment.yml), each through a
Slack DM or a personal web link; results only together, never who said what.

- rounds.py: opening a round, inviting people, recording answers (the repository);
- tokens.py: the signed, expiring personal links;
- results.py: the arithmetic (per domain and statement, police against partners);
- invites.py: who a partnership's check goes to, and the links to hand out."""
