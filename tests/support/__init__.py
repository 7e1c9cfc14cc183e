"""What tests and benchmarks share: trackers for action tests, the coaching moves, the
Slack stand-in and the Slack app driver, a TCP proxy, the nudge sender, the test stack's
conversation. Tests import from here, never from each other."""
