/// The DuckDB SQL that computes what `armsledger balances --as-of D --format json` reports in
/// `pairs` (supplier, recipient, deals, ordered, delivered), straight from the ledger's text:
/// nothing is precomputed in the file, so the query parses the EDTF `occurred` itself.
///
/// The rules it follows (SPEC section 5, `RegisterProjection`, `BalancesProjection`):
/// - an event counts when the lower bound of its `occurred` is ≤ D (no `--known-at`, so every
///   event and every correction is known);
/// - an `event.retracted` removes its target, unless the retraction is itself retracted;
/// - a pair's `deals` is the number of its deals with a counted event; `ordered` sums
///   `quantity` over counted `transfer.ordered`; `delivered` over counted `transfer.delivered`
///   and `service.delivered`; an absent quantity counts 0.
///
/// EDTF lower bounds, as text `YYYY-MM-DD` (which sorts like the date): take the part before
/// `/` (an interval's start), drop the qualifiers `?~%`, then `..` (open start) is the
/// beginning of time; `YYYY` is `YYYY-01-01`; `YYYY-21`…`YYYY-24` are March, June, September,
/// December 1st; `YYYY-MM` is `YYYY-MM-01`; a day is itself.
enum DuckDBQuery {
    /// The columns a balances query needs, read from the JSON lines (other fields are skipped).
    static let columns = "columns = {id: 'VARCHAR', type: 'VARCHAR', occurred: 'VARCHAR', "
        + "data: 'STRUCT(deal VARCHAR, supplier VARCHAR, recipient VARCHAR, quantity BIGINT, target VARCHAR)'}"

    static func readJSON(_ path: String) -> String {
        let quoted = path.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "''")
        return "read_json('\(quoted)', format = 'newline_delimited', \(columns))"
    }

    /// Loads the ledger into a table with the raw columns (the EDTF text stays text).
    static func load(table: String, ledger: String) -> String {
        "CREATE OR REPLACE TABLE \(table) AS SELECT * FROM \(readJSON(ledger));"
    }

    /// The EDTF lower bound as `YYYY-MM-DD` text, from `s`: the interval start with its qualifiers dropped.
    static let lowerBound = """
        CASE
                    WHEN s = '..' THEN '0000-01-01'
                    WHEN length(s) = 4 THEN s || '-01-01'
                    WHEN length(s) = 7 THEN CASE substr(s, 6, 2)
                        WHEN '21' THEN substr(s, 1, 5) || '03-01'
                        WHEN '22' THEN substr(s, 1, 5) || '06-01'
                        WHEN '23' THEN substr(s, 1, 5) || '09-01'
                        WHEN '24' THEN substr(s, 1, 5) || '12-01'
                        ELSE s || '-01' END
                    ELSE s END
        """

    /// The retracted ids (`retracted`), from a `retractions` (id, target) relation: a retraction
    /// applies unless a retraction aims at it.
    static let retracted = """
        retracted AS (
                SELECT DISTINCT r.target FROM retractions r
                WHERE NOT EXISTS (SELECT 1 FROM retractions rr WHERE rr.target = r.id)
            ),
        """

    /// Balances' pairs from the `counted` deal events.
    static let pairs = """
        SELECT supplier, recipient, count(DISTINCT deal) AS deals,
                   sum(CASE WHEN type = 'transfer.ordered' THEN coalesce(quantity, 0) ELSE 0 END)::BIGINT AS ordered,
                   sum(CASE WHEN type IN ('transfer.delivered', 'service.delivered') THEN coalesce(quantity, 0) ELSE 0 END)::BIGINT AS delivered
            FROM counted
            GROUP BY supplier, recipient
            ORDER BY supplier, recipient;
        """

    /// The deal-event types, as an SQL list.
    static let dealTypes = "('transfer.offered', 'transfer.declined', 'transfer.blocked', 'transfer.ordered', "
        + "'transfer.delivered', 'transfer.cancelled', 'service.delivered')"

    /// Loads the ledger into a *typed* table, DuckDB's best case for the warm peer: the load
    /// (excluded from the timing) parses each deal event's EDTF lower bound into a `DATE`
    /// column, as our replay cache holds days, so the query only filters, anti-joins the
    /// retractions and groups.
    static func loadTyped(table: String, ledger: String) -> String {
        """
        CREATE OR REPLACE TABLE \(table) AS
        SELECT id, type, deal, supplier, recipient, quantity, target,
               CASE WHEN type IN \(dealTypes) THEN CAST(\(lowerBound.replacing("'0000-01-01'", with: "'0001-01-01'")) AS DATE) END AS lower
        FROM (
            SELECT id, type, data.deal AS deal, data.supplier AS supplier, data.recipient AS recipient,
                   data.quantity AS quantity, data.target AS target, rtrim(split_part(occurred, '/', 1), '?~%') AS s
            FROM \(readJSON(ledger))
        );
        """
    }

    /// The balances query over a table written by ``loadTyped(table:ledger:)``.
    static func balancesTyped(from table: String, asOf: String) -> String {
        """
        WITH retractions AS (SELECT id, target FROM \(table) WHERE type = 'event.retracted'),
        \(retracted)
        counted AS (
            SELECT e.* FROM \(table) e
            WHERE e.lower <= DATE '\(asOf)'
              AND NOT EXISTS (SELECT 1 FROM retracted x WHERE x.target = e.id)
        )
        \(pairs)
        """
    }

    /// The balances query over `source` (a table name or a `read_json(…)` call).
    static func balances(from source: String, asOf: String) -> String {
        """
        WITH ev AS (
            SELECT id, type, occurred, data.deal AS deal, data.supplier AS supplier, data.recipient AS recipient,
                   data.quantity AS quantity, data.target AS target
            FROM \(source)
        ),
        retractions AS (SELECT id, target FROM ev WHERE type = 'event.retracted'),
        \(retracted)
        deal_events AS (
            SELECT *, rtrim(split_part(occurred, '/', 1), '?~%') AS s FROM ev
            WHERE type IN \(dealTypes)
        ),
        counted AS (
            SELECT e.* FROM deal_events e
            WHERE \(lowerBound) <= '\(asOf)'
              AND NOT EXISTS (SELECT 1 FROM retracted x WHERE x.target = e.id)
        )
        \(pairs)
        """
    }
}
