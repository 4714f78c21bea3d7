import Foundation
import OktaClient

/// What `apply` did to one org, written before and after every write so a crash at any
/// point leaves a record to resume or roll back from. Never holds a secret.
package struct Journal: Sendable, Codable, Equatable {
    package static let currentVersion = 1

    package var version: Int
    package var org: String
    package var appId: String?
    package var entries: [Entry]
    /// What the admin confirmed about steps the API cannot show.
    package var confirmations: [Confirmation]
    /// The steps the latest apply was approved for: resume goes no further. Journals written
    /// before it was kept have none (see `resumableScope`).
    package var scope: [StepID]?
    /// The custom user types the latest apply was approved for besides the default one
    /// (`--user-type`, docs/REAL-ORGS.md R30); resume does them too. Absent: the default type only.
    package var userTypes: [String]?

    package struct Entry: Sendable, Codable, Equatable {
        package enum Outcome: String, Sendable, Codable {
            /// Journalled before the request: if no later state follows, the write may or may not have landed.
            case intent
            case done
            case failed
            /// Undone by rollback: its before-image was restored.
            case rolledBack
        }
        package var step: StepID
        package var method: String
        package var path: String
        package var body: JSONValue
        /// Exactly what the step owns, as it was before the write (`null` when absent).
        package var before: JSONValue
        /// What the step owned once the write showed in Okta; rollback refuses if it changed since.
        package var after: JSONValue?
        package var outcome: Outcome
        package var message: String?
        /// When the write was journalled, just before it was sent.
        package var at: String
        /// Okta's X-Okta-Request-Id for the write, so a change ticket can point Okta support at it.
        package var requestId: String? = nil
        /// When rollback restored the before-image, and Okta's id for that request.
        package var rolledBackAt: String? = nil
        package var rollbackRequestId: String? = nil
        /// The custom user type whose schema or mapping the write changed; absent (every entry
        /// written before types were journalled): the default type.
        package var userType: String? = nil
    }

    package init(org: String, appId: String?) {
        version = Self.currentVersion
        self.org = org
        self.appId = appId
        entries = []
        confirmations = []
    }

    enum CodingKeys: String, CodingKey { case version, org, appId, entries, confirmations, scope, userTypes }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        version = try container.decode(Int.self, forKey: .version)
        org = try container.decode(String.self, forKey: .org)
        appId = try container.decodeIfPresent(String.self, forKey: .appId)
        entries = try container.decode([Entry].self, forKey: .entries)
        confirmations = try container.decodeIfPresent([Confirmation].self, forKey: .confirmations) ?? []
        scope = try container.decodeIfPresent([StepID].self, forKey: .scope)
        userTypes = try container.decodeIfPresent([String].self, forKey: .userTypes)
    }

    /// What resume may write: the latest apply's scope; for a journal that does not say, the
    /// phases of the steps it journalled (never the whole procedure unasked).
    package var resumableScope: Set<StepID> {
        if let scope { return Set(scope) }
        let phases = Set(entries.map(\.step.phase))
        return Set(StepID.allCases.filter { phases.contains($0.phase) })
    }
}

/// The admin's word on what Okta's API cannot show, kept with when it was given.
package struct Confirmation: Sendable, Codable, Equatable {
    package enum Choice: String, Sendable, Codable, CaseIterable {
        /// existing-users: the mapping fills new and changed users only.
        case newUsersOnly = "new-users-only"
        /// existing-users: "Apply updates now" was chosen (the sample shows whether it finished).
        case applyNow = "apply-now"
        /// profile-source: "When deactivated in the app: Do nothing", and Dialpad is the lowest source.
        case doNothingLowestPriority = "do-nothing-lowest-priority"
        /// profile-source: a profile source the API cannot list (an identity provider the
        /// credential may not read) ranks above Dialpad, so the only-source gate opens on the admin's word.
        case otherSourceUnseen = "other-source-unseen"
    }
    package var step: StepID
    package var choice: Choice
    package var at: String

    package init(step: StepID, choice: Choice, at: String) {
        self.step = step
        self.choice = choice
        self.at = at
    }

    package static func step(for choice: Choice) -> StepID {
        guard let step = Steps.recording(choice) else { preconditionFailure("no step records \(choice.rawValue)") }
        return step
    }
}

package struct JournalError: Error, Sendable, CustomStringConvertible {
    /// What makes the journal unusable, with the paths and names involved: a front end words
    /// it in its own language (the wizard's Japanese); `message` and `hint` are the command line's.
    package enum Reason: Sendable, Equatable {
        case stateDirectoryUncreatable(directory: String)
        case stateDirectoryNotWritable(directory: String, lockFile: String, errno: Int32)
        case lockedByAnotherRun(journal: String)
        case unreadable(journal: String)
        case damaged(journal: String)
        case newerFormat(journal: String, version: Int)
        case otherOrg(journal: String, journalOrg: String, org: String)
        case otherApp(journal: String, journalApp: String, appId: String)
        case directoryNotWritable(directory: String)
        case writeFailed(journal: String)
        case nothingToResume(journal: String)
        /// Rollback undid every step of the journal's run: nothing of it is left to resume, and
        /// `apply` writes what is missing (attack 5, F5).
        case runRolledBack(journal: String)
    }

    package let reason: Reason
    package init(_ reason: Reason) { self.reason = reason }
    package var description: String { "journal \(reason)" }
}

/// Reads and writes the journal file: atomically (temp file, fsync, rename, fsync of the
/// directory), mode 0600, under an exclusive lock so two runs cannot drive one org at once.
package final class JournalStore: @unchecked Sendable {
    package let url: URL
    private var lockDescriptor: Int32 = -1
    private var orgLockDescriptor: Int32 = -1
    private var orgIdLockDescriptor: Int32 = -1

    package init(url: URL) { self.url = url }

    /// `$XDG_STATE_HOME/dialpad-okta/<org host>.json`, else `~/.local/state/dialpad-okta/…`.
    package static func defaultURL(org: OrgURL, environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        let name = org.host.replacingOccurrences(of: ":", with: "_") + (org.port.map { "_\($0)" } ?? "")
        return defaultDirectory(environment: environment).appendingPathComponent(name + ".json")
    }

    /// Where journals live by default: $XDG_STATE_HOME/dialpad-okta.
    package static func defaultDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        let base = environment["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.local/state")
        return URL(fileURLWithPath: base).appendingPathComponent("dialpad-okta")
    }

    /// The orgs journals name, newest journal first: the one file given, else every journal in
    /// the default directory. Unreadable files are skipped: this only offers a default.
    package static func journalledOrgs(stateFile: URL?, environment: [String: String] = ProcessInfo.processInfo.environment) -> [String] {
        let files: [URL]
        if let stateFile {
            files = [stateFile]
        } else {
            files = ((try? FileManager.default.contentsOfDirectory(at: defaultDirectory(environment: environment), includingPropertiesForKeys: [.contentModificationDateKey])) ?? [])
                .filter { $0.pathExtension == "json" }
        }
        struct Named: Decodable { var org: String }
        let dated = files.compactMap { url -> (String, Date)? in
            guard let data = try? Data(contentsOf: url), let named = try? JSONDecoder().decode(Named.self, from: data) else { return nil }
            let date = (try? url.resourceValues(forKeys: [.contentModificationDateKey]).contentModificationDate) ?? .distantPast
            return (named.org, date)
        }
        return dated.sorted { $0.1 > $1.1 }.map(\.0)
    }

    /// Takes the lock or fails at once: another run holds this org's journal.
    package func lock() throws {
        let directory = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw JournalError(.stateDirectoryUncreatable(directory: directory.path))
        }
        // O_NOFOLLOW: a lock file planted as a symlink must not make us create or truncate its target.
        let descriptor = open(url.path + ".lock", O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else {
            throw JournalError(.stateDirectoryNotWritable(directory: directory.path, lockFile: url.lastPathComponent + ".lock", errno: errno))
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw JournalError(.lockedByAnotherRun(journal: url.path))
        }
        lockDescriptor = descriptor
    }

    /// Waits while another run changes the same org through another state file, so that this
    /// run reads the org only after that one's writes: two `apply --yes` with different
    /// `--state-file`s must not write over each other unseen. The lock is one file per org in
    /// the default state directory, named for the org however its URL was spelled
    /// (`OrgIdentity.key`); where that directory cannot be created, there is none.
    package func lockOrg(_ org: OrgURL, environment: [String: String] = ProcessInfo.processInfo.environment,
                        patience: Duration = .seconds(120)) async throws {
        let url = Self.defaultDirectory(environment: environment).appendingPathComponent(OrgIdentity.key(org) + ".org.lock")
        if let descriptor = try await Self.waitForLock(url, patience: patience)?.descriptor { orgLockDescriptor = descriptor }
    }

    /// The same, keyed on the org's id as Okta answers it, which a custom domain and the org's
    /// own host share. True when another run held it, so what this run read before may be stale.
    package func lockOrgId(_ id: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
                          patience: Duration = .seconds(120)) async throws -> Bool {
        guard let id, OrgIdentity.plausibleId(id) else { return false }
        let url = Self.defaultDirectory(environment: environment).appendingPathComponent("org-" + id + ".org.lock")
        guard let (descriptor, waited) = try await Self.waitForLock(url, patience: patience) else { return false }
        orgIdLockDescriptor = descriptor
        return waited
    }

    /// Takes the lock file at `url`, waiting while another run holds it; nil where the state
    /// directory cannot be made (no lock to take).
    static func waitForLock(_ url: URL, patience: Duration) async throws -> (descriptor: Int32, waited: Bool)? {
        guard (try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: 0o700])) != nil else { return nil }
        let descriptor = open(url.path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else {
            throw JournalError(.stateDirectoryNotWritable(directory: url.deletingLastPathComponent().path, lockFile: url.lastPathComponent, errno: errno))
        }
        let deadline = ContinuousClock.now + patience
        var waited = false
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            waited = true
            guard ContinuousClock.now < deadline else {
                close(descriptor)
                throw JournalError(.lockedByAnotherRun(journal: url.path))
            }
            do { try await Task.sleep(for: .milliseconds(100)) } catch {
                close(descriptor)
                throw error
            }
        }
        return (descriptor, waited)
    }

    package func unlock() {
        if orgIdLockDescriptor >= 0 {
            flock(orgIdLockDescriptor, LOCK_UN)
            close(orgIdLockDescriptor)
            orgIdLockDescriptor = -1
        }
        if orgLockDescriptor >= 0 {
            flock(orgLockDescriptor, LOCK_UN)
            close(orgLockDescriptor)
            orgLockDescriptor = -1
        }
        guard lockDescriptor >= 0 else { return }
        flock(lockDescriptor, LOCK_UN)
        close(lockDescriptor)
        lockDescriptor = -1
    }

    deinit { unlock() }

    /// nil when no journal exists; an error that says what to do when it cannot be trusted.
    package func load(expectingOrg org: String? = nil, appId: String? = nil) throws -> Journal? {
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw JournalError(.unreadable(journal: url.path))
        }
        var journal: Journal
        do { journal = try JSONDecoder().decode(Journal.self, from: data) } catch {
            throw JournalError(.damaged(journal: url.path))
        }
        guard journal.version <= Journal.currentVersion else {
            throw JournalError(.newerFormat(journal: url.path, version: journal.version))
        }
        if let org, journal.org != org {
            throw JournalError(.otherOrg(journal: url.path, journalOrg: journal.org, org: org))
        }
        if let appId, let journalApp = journal.appId, journalApp != appId {
            throw JournalError(.otherApp(journal: url.path, journalApp: journalApp, appId: appId))
        }
        // Checked again as they are read: a journal written before the check, or edited since,
        // shows only ids shaped like Okta's.
        for index in journal.entries.indices {
            journal.entries[index].requestId = AnswerCheck.requestId(journal.entries[index].requestId)
            journal.entries[index].rollbackRequestId = AnswerCheck.requestId(journal.entries[index].rollbackRequestId)
        }
        return journal
    }

    package func save(_ journal: Journal) throws {
        let data = try JSONEncoder.okta.encode(journal)
        let directory = url.deletingLastPathComponent()
        // A name no one can plant in advance, created here and only here (O_EXCL), never
        // through a symlink (O_NOFOLLOW): a planted file or link is never written through.
        let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).\(getpid()).\(UInt64.random(in: 0...UInt64.max)).tmp")
        let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else {
            throw JournalError(.directoryNotWritable(directory: directory.path))
        }
        let written = data.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        let synced = fsync(descriptor) == 0
        close(descriptor)
        guard written == data.count, synced, rename(temporary.path, url.path) == 0 else {
            unlink(temporary.path)
            throw JournalError(.writeFailed(journal: url.path))
        }
        let directoryDescriptor = open(directory.path, O_RDONLY | O_CLOEXEC)
        if directoryDescriptor >= 0 {
            fsync(directoryDescriptor)
            close(directoryDescriptor)
        }
    }
}
