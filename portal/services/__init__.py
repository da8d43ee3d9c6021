"""Business rules. Routes call one service function; services own the database session's commits."""
