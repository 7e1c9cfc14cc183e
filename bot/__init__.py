"""Partnership Coach: coaching police supervisors through formal community partnerships."""
