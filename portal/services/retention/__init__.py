"""The personal data lifecycle (docs/retention.md): the retention schedule as data, the daily disposal job that
applies it, legal holds, reviews, erasure and restriction, marking evidence exported, and subject access."""
