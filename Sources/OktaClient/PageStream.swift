import Foundation

/// The pages of one listing as a sequence whose next request is sent as soon as the previous
/// answer's Link header is read, before that answer's body is decoded: decoding a page, and
/// whatever the caller does with it, overlap the next round trip, so a chain of N pages takes
/// N round trips and nothing more (issue 25). At most one answer waits in flight while the
/// caller holds one page: memory follows the page size, never the listing's length.
package struct PageStream<Item: Decodable & Sendable>: AsyncSequence, Sendable {
    package typealias Element = OktaClient.Page<Item>

    let client: OktaClient
    let first: URL
    let maxPages: Int

    /// Starts the first request: iterating twice reads the listing twice.
    package func makeAsyncIterator() -> Iterator { Iterator(client: client, first: first, maxPages: maxPages) }

    /// A class, so a caller that stops early (or throws) cancels the request in flight.
    package final class Iterator: AsyncIteratorProtocol {
        private let client: OktaClient
        private var inFlight: Task<OktaClient.FetchedPage<Item>, any Error>?
        /// A next link seen before, or more than `maxPages` pages, is an error where it stopped,
        /// never a silent end that reads as "every item was seen".
        private var trail: PageTrail

        init(client: OktaClient, first: URL, maxPages: Int) {
            self.client = client
            trail = PageTrail(maxPages: maxPages)
            inFlight = Task { try await client.fetchPage(Item.self, url: first) }
        }

        deinit { inFlight?.cancel() }

        package func next() async throws -> OktaClient.Page<Item>? {
            guard let request = inFlight else { return nil }
            inFlight = nil
            // The request runs in a task of its own, which the reader's cancellation does not
            // reach by itself: a cancelled verify must stop its chain, not read to the end.
            let fetched = try await withTaskCancellationHandler { try await request.value } onCancel: { request.cancel() }
            try Task.checkCancellation()
            if let next = fetched.next {
                try trail.follow(next)
                let client = self.client
                inFlight = Task { try await client.fetchPage(Item.self, url: next) }
            }
            do {
                return try fetched.decoded()
            } catch {
                inFlight?.cancel()
                inFlight = nil
                throw error
            }
        }
    }
}

extension OktaClient {
    /// The pages of a listing from `first` on, each next request sent before the page is decoded.
    package func pages<Item: Decodable & Sendable>(_ type: Item.Type, from first: URL, maxPages: Int = OktaClient.maxPagesPerListing)
        -> PageStream<Item> {
        PageStream(client: self, first: first, maxPages: maxPages)
    }

    /// listApplicationUsers, every page of 500 with each Okta user embedded (what verify checks).
    package func appUserPages(appId: String, limit: Int = 500) -> PageStream<AppUser> {
        pages(AppUser.self, from: url("/api/v1/apps/\(Self.pathSegment(appId))/users", query: [("limit", String(limit)), ("expand", "user")]))
    }
}
