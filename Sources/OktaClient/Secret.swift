/// A credential that never prints itself: string interpolation, `description`,
/// `dump` and logging all show a redaction, so a token cannot leak by accident.
package struct Secret: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    private let storage: String

    package init(_ value: String) { storage = value }

    /// The only way to read the value; call it where the value goes on the wire.
    package func reveal() -> String { storage }

    package var isEmpty: Bool { storage.isEmpty }
    package var description: String { "<redacted>" }
    package var debugDescription: String { "<redacted>" }
    package var customMirror: Mirror { Mirror(self, children: [:]) }
}
