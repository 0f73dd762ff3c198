extension CivilDate {
    /// Parses `YYYY-MM-DD` (exactly 4, 2 and 2 digits) into a validated date.
    ///
    /// Throws `invalidPeriod` for another shape ("\"2026-1-5\" is not a date like 2026-10-05")
    /// and for an impossible date ("day 30 does not exist in 2026-02 (it has 28 days)").
    public init(parsing text: String) throws(AnalyticsError) {
        self = try PeriodSpec.date(text, role: nil)
    }
}
