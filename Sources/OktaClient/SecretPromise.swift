import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The one check every value taken from an Okta answer passes where the answer arrives,
/// before anything keeps or shows it (the journal, the report, --verbose, an error): shaped
/// like Okta's or dropped, then the redactor. A server that echoes the Authorization header
/// into a header it answers with must never get the credential written down.
package enum AnswerCheck {
    /// Okta's request id, or nil: not shaped like one, or holding a credential this run knows.
    package static func requestId(_ raw: String?, scrub: (String) -> String = { $0 }) -> String? {
        guard let raw, let shaped = OktaError.requestId(shapedAs: raw) else { return nil }
        return scrub(shaped) == shaped ? shaped : nil
    }

    static func requestId(_ raw: String?, redactor: Redactor) -> String? {
        requestId(raw) { redactor.scrub($0) }
    }

    /// False for a link that carries a credential of this run.
    static func link(_ link: String, redactor: Redactor) -> Bool {
        redactor.scrub(link) == link
    }
}

/// What a configured private-key value is: the key itself, or the path of a file holding it.
/// Decided so that a key is never taken for a path (a path appears in messages; a key never may).
package enum PrivateKeyValue: Equatable, Sendable {
    case material(String)
    case path(String)

    /// PATH_MAX less its terminating NUL, and NAME_MAX: no path is longer, no name in it either.
    static let longestPath = 4095
    static let longestName = 255

    package static func classify(_ raw: String) -> PrivateKeyValue {
        let text = withoutByteOrderMark(raw)
        // A PKCS#12 export puts "Bag Attributes" lines before the PEM block.
        if let begin = text.range(of: "-----BEGIN") { return .material(String(text[begin.lowerBound...])) }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("{") || trimmed.contains(where: \.isNewline) || trimmed.utf8.count > longestPath
            || trimmed.split(separator: "/").contains(where: { $0.utf8.count > longestName }) {
            return .material(trimmed)
        }
        return .path(trimmed)
    }

    /// A key's text as a file or variable holds it, ready to parse: no byte-order mark, and
    /// nothing before its PEM block.
    static func keyText(_ raw: String) -> String {
        let text = withoutByteOrderMark(raw)
        if let begin = text.range(of: "-----BEGIN") { return String(text[begin.lowerBound...]) }
        return text
    }

    static func withoutByteOrderMark(_ text: String) -> String {
        var text = Substring(text)
        while text.unicodeScalars.first == "\u{FEFF}" { text = Substring(text.unicodeScalars.dropFirst()) }
        return String(text)
    }
}

extension OktaError {
    /// The credential problem, when the problem is one.
    package var credentialProblem: CredentialProblem? {
        if case .credential(let problem) = problem { problem } else { nil }
    }

    /// Why a credential's configuration is refused, with its parts. Every part names where a
    /// value comes from (a variable, a file, a key of a file) or an org, never the value.
    package enum CredentialProblem: Sendable, Equatable {
        /// `source`: the flag, variable or okta.yaml that names the key file.
        case privateKeyFileMissing(source: String)
        case privateKeyFileUnreadable(source: String)
        // The orgs file of `inspect --orgs`.
        case orgsFileUnreadable(path: String)
        case orgsFileWritableByOthers(path: String, mode: Int)
        case orgsFileOwnedByAnotherUser(path: String, owner: UInt32)
        case orgsFileNotYAML(path: String)
        /// YAML without a list under `orgs:`.
        case orgsFileInvalid(path: String)
        /// One variable named for several orgs: one credential would go to all of them.
        case orgsVariableShared(variable: String, orgs: [String])
        /// The token is not `${NAME}` with NAME in `[A-Z_][A-Z0-9_]*` (a pasted token, most often).
        case orgsTokenNotAVariable(org: String)
        case orgsVariableUnset(org: String, variable: String)
        case orgsKeyInFile(org: String)
        case orgsEntryNotAMapping(org: String)
        case orgsEntryWithoutOrgURL(org: String)
        /// PrivateKey without clientId and privateKey.
        case orgsEntryIncomplete(org: String)
        case orgsModeUnsupported(org: String)
        /// An org outside Okta's own domains and loopback, without `customDomain: true`.
        case orgsCustomDomain(org: String, host: String)
    }
}

/// A file holding a credential that others may read: said, not refused (the SDKs warn alike);
/// worded by the text layer (`CommandLineText.exposure`).
package enum Exposure: Sendable, Equatable {
    /// An okta.yaml holding an API token (`key` false) or a private key (`key` true).
    case readableConfigurationFile(label: String, key: Bool, mode: Int)
    /// The private key file named by `source` (a flag, a variable, an okta.yaml).
    case readableKeyFile(source: String, mode: Int)

    /// The permission bits of `path` when group or others have any access to it; nil otherwise.
    static func readableMode(_ path: String) -> Int? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        let mode = Int(status.st_mode) & 0o777
        return mode & 0o077 != 0 ? mode : nil
    }
}

/// Files that hold a secret, created with their final mode by the call that creates them.
package enum SecretFile {
    /// Writes `data` to `path` as a new file of mode 0600: made under a fresh name (O_EXCL,
    /// never through a link) with that mode, then renamed over `path`.
    /// Never over a link, a device, a pipe, a folder or a lock (a rename would replace
    /// /dev/null or a run's lock for everyone), nor over a file that is not one of ours
    /// (`replacing`: whether the file at `path` may be replaced, when one is there).
    package static func write(_ data: Data, to path: String, replacing: (Data) -> Bool = { _ in true }) -> Bool {
        let url = URL(fileURLWithPath: path)
        var status = stat()
        if lstat(path, &status) == 0 {
            guard (status.st_mode & S_IFMT) == S_IFREG, !path.hasSuffix(".lock"),
                  let existing = FileManager.default.contents(atPath: path), replacing(existing) else { return false }
        } else if path.hasSuffix(".lock") {
            return false
        }
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid()).\(UInt64.random(in: 0...UInt64.max)).tmp").path
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else { return false }
        let written = data.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
        let synced = fsync(descriptor) == 0
        close(descriptor)
        guard written == data.count, synced, rename(temporary, path) == 0 else {
            unlink(temporary)
            return false
        }
        return true
    }
}
