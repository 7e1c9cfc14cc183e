"""The Slack app (slack-bolt): listeners, Block Kit rendering, App Home."""
