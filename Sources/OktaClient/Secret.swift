/// A credential that never prints itself: string interpolation, `description`,
/// `dump` and logging all show a redaction, so a token cannot leak by accident.
public struct Secret: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    private let storage: String

    public init(_ value: String) { storage = value }

    /// The only way to read the value; call it where the value goes on the wire.
    public func reveal() -> String { storage }

    public var isEmpty: Bool { storage.isEmpty }
    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}
