/// Report kinds, definitions, planner, runner, ledger and outbox.
public enum ReportingModule {}
