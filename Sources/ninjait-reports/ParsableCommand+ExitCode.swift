import ArgumentParser
import Foundation
import Reporting

extension ParsableCommand {
    /// Runs a command's library call and turns its status into the process's exit code.
    ///
    /// A non-zero status becomes argument-parser's `ExitCode`; an error is printed as
    /// `ninjait-reports: error: ...` on standard error and exits with its documented code
    /// (`ExitStatus.code(for:)`). Nothing here ends the process itself.
    func runCommand(_ body: () throws -> Int32) throws {
        let status: Int32
        do {
            status = try body()
        } catch {
            throw Self.exitCode(reporting: error)
        }
        if status != ExitStatus.success { throw ExitCode(status) }
    }

    /// `runCommand(_:)` for a command whose library call is asynchronous.
    func runCommand(_ body: () async throws -> Int32) async throws {
        let status: Int32
        do {
            status = try await body()
        } catch {
            throw Self.exitCode(reporting: error)
        }
        if status != ExitStatus.success { throw ExitCode(status) }
    }

    private static func exitCode(reporting error: Error) -> ExitCode {
        FileHandle.standardError.write(Data("ninjait-reports: error: \(error)\n".utf8))
        return ExitCode(ExitStatus.code(for: error))
    }
}
