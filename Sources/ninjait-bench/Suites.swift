// The table of suites. Add one line per suite; the suite itself lives in its own file.
func benchSuites() -> [String: ([String]) throws -> Void] {
    var suites: [String: ([String]) throws -> Void] = [:]
    suites["noop"] = { _ in print("noop") }
    suites["connectors"] = connectorsBench
    suites["render"] = renderBench
    suites["analytics"] = analyticsBench
    suites["nightly-broker"] = nightlyBrokerBench
    return suites
}
