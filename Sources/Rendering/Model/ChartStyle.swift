/// Line or bar.
public enum ChartStyle: String, Hashable, Sendable {
    case line
    case bar
}
