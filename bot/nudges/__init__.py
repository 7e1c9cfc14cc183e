"""Nudges: stalled commitments and goals, found on a schedule and sent as one DM per
person in their working hours; and the sponsoring leader's weekly digest."""
