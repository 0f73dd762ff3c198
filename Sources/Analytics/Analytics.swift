/// Pure analytics for ninjait-reports: periods, rollups, sketches, LTTB, trends, SLA. No I/O.
public enum AnalyticsModule {}
