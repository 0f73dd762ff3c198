import Testing
@testable import Connectors

@Test func moduleLinks() { #expect(Bool(true)) }
