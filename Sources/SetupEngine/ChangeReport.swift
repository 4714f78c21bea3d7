import Foundation
import OktaClient

/// What a change ticket needs, from the journal and a fresh read of the org: the org and the
/// app, each step before this tool touched it and now, every request sent with Okta's request
/// id and time, what the admin confirmed (their word, not verified), what no API can show,
/// and the rollbacks. Data only: `ChangeReportText` words it as Markdown in English or
/// Japanese; the JSON form is this value, in one stable language.
package struct ChangeReport: Sendable, Equatable, Encodable {
    package struct App: Sendable, Equatable, Encodable {
        package var id: String
        package var label: String
    }

    /// One step: what it owned before this tool's first write to it, and what it owns now.
    package struct StepChange: Sendable, Equatable, Encodable {
        package var step: StepID
        package var status: StepStatus
        /// nil: this tool never wrote the step (it was so already, or it is an Admin Console step).
        package var before: JSONValue?
        package var beforeInWords: Words?
        /// What the step owns in the org now (writable steps only).
        package var now: JSONValue?
        package var nowInWords: Words?
        /// What the API cannot show for the step: its `ok` rests on the admin's word for these.
        package var notReadable: [Words]

        enum CodingKeys: String, CodingKey { case step, status, before, beforeInWords, now, nowInWords, notReadable }
        package func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(step, forKey: .step)
            try container.encode(status, forKey: .status)
            try container.encode(before, forKey: .before)
            try container.encode(beforeInWords?.en, forKey: .beforeInWords)
            try container.encode(now, forKey: .now)
            try container.encode(nowInWords?.en, forKey: .nowInWords)
            try container.encode(notReadable.map(\.en), forKey: .notReadable)
        }
    }

    /// One request this tool sent, as the journal holds it.
    package struct Request: Sendable, Equatable, Encodable {
        package var step: StepID
        package var method: String
        package var path: String
        package var body: JSONValue
        package var sentAt: String
        package var requestId: String?
        package var outcome: Journal.Entry.Outcome
        package var message: String?
        package var rolledBackAt: String?
        package var rollbackRequestId: String?
        /// What the step owned before this request: what a rollback put back.
        package var before: JSONValue
        package var beforeInWords: Words?

        enum CodingKeys: String, CodingKey {
            case step, method, path, body, sentAt, requestId, outcome, message, rolledBackAt, rollbackRequestId, before
        }
    }

    /// The admin's word on a step the API cannot read: confirmed, never verified.
    package struct Confirmed: Sendable, Equatable, Encodable {
        package var step: StepID
        package var choice: Confirmation.Choice
        package var at: String
        package let verified = false

        enum CodingKeys: String, CodingKey { case step, choice, at, verified }
    }

    package var org: String
    package var previewOrg: Bool
    package var app: App?
    /// When the org was read for this report.
    package var readAt: String
    package var complete: Bool
    package var steps: [StepChange]
    package var requests: [Request]
    package var confirmations: [Confirmed]

    /// Pure: the journal (nil when this tool never wrote to the org), the org as just read and
    /// its plan, and when it was read.
    package init(journal: Journal?, observation: Observation, reports: [StepReport], readAt: String,
                desired: DesiredConfiguration = DesiredConfiguration()) {
        org = observation.org
        previewOrg = observation.isPreviewOrg
        app = observation.app.map { App(id: $0.id, label: $0.displayName) }
        self.readAt = readAt
        complete = !reports.isEmpty && reports.allSatisfy { $0.status == .ok }
        let entries = journal?.entries ?? []
        steps = StepID.allCases.map { step in
            let report = reports.first { $0.id == step }
            let writable = step.definition.writable
            // The state before this tool: the before-image of its first write that reached Okta.
            let first = entries.first { $0.step == step && $0.outcome != .failed }
            let now = writable.map { $0.owned(observation, desired) }
            var notReadable = report?.unverified ?? []
            if writable == nil && notReadable.isEmpty {
                notReadable = [Words("the whole step: the Admin Console only", ja: "ステップ全体（管理コンソールのみ）")]
            }
            return StepChange(step: step, status: report?.status ?? .blocked,
                              before: first?.before, beforeInWords: first.flatMap { entry in writable?.describe(owned: entry.before) },
                              now: now, nowInWords: now.flatMap { value in writable?.describe(owned: value) },
                              notReadable: notReadable)
        }
        requests = entries.map { entry in
            Request(step: entry.step, method: entry.method, path: entry.path, body: entry.body, sentAt: entry.at, requestId: entry.requestId,
                    outcome: entry.outcome, message: entry.message, rolledBackAt: entry.rolledBackAt, rollbackRequestId: entry.rollbackRequestId,
                    before: entry.before, beforeInWords: entry.step.definition.writable?.describe(owned: entry.before))
        }
        confirmations = (journal?.confirmations ?? []).map { Confirmed(step: $0.step, choice: $0.choice, at: $0.at) }
    }

    /// The report of an org now: its journal (read without the lock: a report never writes)
    /// and a fresh read of the org, the journal's app unless `appId` names one.
    package static func read(_ client: OktaClient, store: JournalStore, appId: String?, at date: Date = Date()) async throws -> ChangeReport {
        let journal = try store.load(expectingOrg: client.org.description)
        let observation = try await Observer(client: client).observe(appId: appId ?? journal?.appId)
        return ChangeReport(journal: journal, observation: observation,
                            reports: Planner.plan(observation, confirmations: journal?.confirmations ?? []),
                            readAt: OktaTime.format(date))
    }

    /// The requests a rollback undid.
    package var rollbacks: [Request] { requests.filter { $0.outcome == .rolledBack } }
}
