import Foundation
import Reporting

/// A first-in, first-out hand-over between threads (the consumer thread and the runner threads).
///
/// `take` blocks up to a timeout; after `close()` it returns what is left, then nil at once.
final class JobMailbox<Element: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var items: [Element] = []
    private var head = 0
    private var closed = false

    /// Adds an item and wakes one waiting taker.
    func put(_ item: Element) {
        condition.lock()
        items.append(item)
        condition.signal()
        condition.unlock()
    }

    /// The oldest item, waiting at most `timeout` seconds (0 polls, nil waits until there is one or
    /// the mailbox is closed); nil on timeout or when closed and empty.
    func take(timeout: Double?) -> Element? {
        // No Date.distantFuture here: Foundation on Linux traps converting it for the wait.
        let deadline = timeout.map { Date().addingTimeInterval(max(0, $0)) }
        condition.lock()
        defer { condition.unlock() }
        while head == items.count && !closed {
            if let deadline {
                guard condition.wait(until: deadline) else { break }
            } else {
                condition.wait()
            }
        }
        guard head < items.count else { return nil }
        let item = items[head]
        head += 1
        if head > 64 && head * 2 > items.count {
            items.removeFirst(head)
            head = 0
        }
        return item
    }

    /// Wakes every taker; from now on `take` never waits.
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }
}
