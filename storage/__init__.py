"""Queries, one module per question they answer; transactions belong to the caller (a use
case in services/).

How a row is changed:
- A guarded UPDATE for any change that can race with another process, a second tap or the
  tick: its WHERE says what the row must still be (its status, its position, who holds
  its lease), and its row count, or a read of what it wrote, says who won. The loser
  changes nothing and says so to its caller.
- An ORM change (setting attributes on a loaded row) only for a row no other process can
  change meanwhile: one this transaction has locked (`clients.by_telegram_id(lock=True)`),
  or just inserted. `locks.skip_locked` is no such lock: SQLite has no row locks, so what
  it claims is still changed by a guarded UPDATE.
"""
