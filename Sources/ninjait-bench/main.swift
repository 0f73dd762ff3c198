// ninjait-bench: the measured side of `scripts/bench`. Each suite lives in its own file
// (AnalyticsBench.swift, RenderBench.swift, ConnectorsBench.swift) and registers here.
import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
guard let suite = arguments.first else {
    FileHandle.standardError.write("usage: ninjait-bench SUITE [ARGS...]\n".data(using: .utf8)!)
    exit(64)
}
let rest = Array(arguments.dropFirst())
let suites: [String: ([String]) throws -> Void] = benchSuites()
guard let run = suites[suite] else {
    FileHandle.standardError.write("ninjait-bench: unknown suite \(suite); known: \(suites.keys.sorted().joined(separator: ", "))\n".data(using: .utf8)!)
    exit(64)
}
do { try run(rest) } catch {
    FileHandle.standardError.write("ninjait-bench \(suite): \(error)\n".data(using: .utf8)!)
    exit(1)
}
