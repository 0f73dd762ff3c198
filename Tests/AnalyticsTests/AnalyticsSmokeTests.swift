import Testing
@testable import Analytics

@Test func moduleLinks() { #expect(Bool(true)) }
