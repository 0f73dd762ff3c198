import Testing
@testable import Rendering

@Test func moduleLinks() { #expect(Bool(true)) }
