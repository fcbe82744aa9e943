using Npgsql;
using NpgsqlTypes;
using Pgvector;
using StellarMemory.Core.Embeddings;
using StellarMemory.Core.Plans;

namespace StellarMemory.Core.Memory;

/// <summary>Stores memories within the plan's caps, deduplicating near-identical ones of the same agent: the same
/// words (as the keyword index reads them: stemmed, without stop words or case) and a vector of the same model
/// within <see cref="DuplicateSimilarity"/>. The words matter: an English-only model gives text in other scripts
/// vectors that all look alike, and the vector alone would merge distinct Korean memories.
/// A store locks the account's quota row first, so an account's stores take turns: caps and
/// deduplication hold however many requests arrive at once. Requests of one account that arrive on this instance
/// while its store transaction runs go together in the next one (<see cref="StoreCoalescer"/>).</summary>
public sealed class MemoryWriter
{
    /// <summary>Cosine similarity at or above which a new memory with the same words is the same as an existing one.</summary>
    public const double DuplicateSimilarity = 0.97;

    /// <summary>How many of a new memory's terms the keyword index is asked for when looking for its duplicates.</summary>
    private const int DuplicateProbeTerms = 8;

    /// <summary>The most memories one store transaction writes; more waiting go in the next.</summary>
    public const int MaxInputsPerTransaction = 500;

    private readonly NpgsqlDataSource _dataSource;
    private readonly EmbedderCatalog _embedders;
    private readonly Entitlements _entitlements;
    private readonly TimeProvider _time;
    private readonly StoreCoalescer _transactions;

    public MemoryWriter(NpgsqlDataSource dataSource, EmbedderCatalog embedders, Entitlements entitlements, TimeProvider time)
    {
        (_dataSource, _embedders, _entitlements, _time) = (dataSource, embedders, entitlements, time);
        _transactions = new StoreCoalescer(WriteAsync, MaxInputsPerTransaction);
    }

    public async Task<IReadOnlyList<StoreOutcome>> StoreAsync(Guid accountId, IReadOnlyList<MemoryInput> inputs, CancellationToken cancellationToken)
    {
        // Embedded before waiting for the account's turn: the model batches concurrent requests by itself.
        var embeddings = await EmbedAsync(inputs, cancellationToken);
        var models = inputs.Select(i => i.Embedding is null ? _embedders.Current.Model : EmbedderCatalog.ClientModel).ToArray();
        return await _transactions.StoreAsync(accountId, new PendingStore(inputs, embeddings, models, cancellationToken));
    }

    private Task<IReadOnlyList<StoreOutcome>> WriteAsync(Guid accountId, IReadOnlyList<PendingStore> stores) =>
        WriteAsync(accountId, stores.SelectMany(s => s.Inputs).ToList(), stores.SelectMany(s => s.Embeddings).ToArray(),
            stores.SelectMany(s => s.Models).ToArray(), CancellationToken.None);

    private async Task<IReadOnlyList<StoreOutcome>> WriteAsync(Guid accountId, IReadOnlyList<MemoryInput> inputs, float[][] embeddings,
        string[] models, CancellationToken cancellationToken)
    {
        var now = MemoryClock.Now(_time);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // One round trip: the quota lock, then, once it is held, everything the decisions below read.
        MemoryQuotaLock quota;
        Nearest[] nearest;
        HashSet<string> knownAgents;
        ZoneRoom zoneRoom;
        await using (var reads = new NpgsqlBatch(connection, transaction))
        {
            foreach (var command in MemoryQuotaLock.AcquireCommands(accountId))
            {
                reads.BatchCommands.Add(command);
            }
            reads.BatchCommands.Add(NearestExistingCommand(accountId, inputs, embeddings, models));
            reads.BatchCommands.Add(KnownAgentsCommand(accountId, inputs));
            reads.BatchCommands.Add(ZoneRoomCommand(accountId));
            await using var reader = await reads.ExecuteReaderAsync(cancellationToken);
            quota = await MemoryQuotaLock.ReadAsync(reader, accountId, cancellationToken);
            await reader.NextResultAsync(cancellationToken);
            nearest = await ReadNearestAsync(reader, inputs.Count, cancellationToken);
            await reader.NextResultAsync(cancellationToken);
            knownAgents = await ReadKnownAgentsAsync(reader, cancellationToken);
            await reader.NextResultAsync(cancellationToken);
            zoneRoom = await ReadZoneRoomAsync(reader, cancellationToken);
        }
        var plan = _entitlements.ForTier(quota.Tier);

        var outcomes = new StoreOutcome[inputs.Count];
        var rows = new List<(int Index, Guid Id, Zone Zone, double Score)>();
        var (memories, agents) = (quota.Memories, quota.Agents);
        for (var i = 0; i < inputs.Count; i++)
        {
            var input = inputs[i];
            if (nearest[i].Duplicate is { } existing)
            {
                outcomes[i] = new StoreOutcome.Stored(existing.Id, existing.Zone, existing.Score, input.AgentId, Deduplicated: true);
                continue;
            }
            var earlier = rows.FirstOrDefault(r => inputs[r.Index].AgentId == input.AgentId && models[r.Index] == models[i]
                && nearest[r.Index].Terms.SequenceEqual(nearest[i].Terms)
                && VectorMath.Cosine(embeddings[r.Index], embeddings[i]) >= DuplicateSimilarity);
            if (earlier.Id != Guid.Empty)
            {
                outcomes[i] = new StoreOutcome.Stored(earlier.Id, earlier.Zone.Name, earlier.Score, input.AgentId, Deduplicated: true);
                continue;
            }
            var newAgent = !knownAgents.Contains(input.AgentId);
            // Over a cap (after a downgrade, say), an account may read and forget but store nothing.
            if (agents > plan.MaxAgents || newAgent && agents + 1 > plan.MaxAgents)
            {
                outcomes[i] = new StoreOutcome.LimitReached("agents", plan.MaxAgents, plan.Tier);
                continue;
            }
            if (memories + 1 > plan.MaxMemories)
            {
                outcomes[i] = new StoreOutcome.LimitReached("memories", plan.MaxMemories, plan.Tier);
                continue;
            }
            var score = MemoryScorer.Score(0, now, input.Importance, null, now);
            var zone = zoneRoom.Take(score);
            var id = Guid.CreateVersion7(now);
            rows.Add((i, id, zone, score));
            outcomes[i] = new StoreOutcome.Stored(id, zone.Name, score, input.AgentId, Deduplicated: false);
            memories++;
            if (newAgent)
            {
                knownAgents.Add(input.AgentId);
                agents++;
            }
        }

        if (rows.Count > 0)
        {
            // One round trip: the rows (one statement however many), their terms' counts and the quota.
            await using var writes = new NpgsqlBatch(connection, transaction)
            {
                BatchCommands =
                {
                    InsertCommand(accountId, inputs, embeddings, models, rows, now),
                    MemoryTermCounts.AddCommand(accountId, rows.Select(r => r.Id).ToList()),
                    MemoryQuotaLock.AdjustAgentsCommand(accountId, rows.GroupBy(r => inputs[r.Index].AgentId).Select(g => (g.Key, g.Count()))),
                },
            };
            await writes.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return outcomes;
    }

    private async Task<float[][]> EmbedAsync(IReadOnlyList<MemoryInput> inputs, CancellationToken cancellationToken)
    {
        var missing = inputs.Where(i => i.Embedding is null).Select(i => i.Content).ToList();
        var computed = await _embedders.Current.EmbedDocumentsAsync(missing, cancellationToken);
        var next = 0;
        return inputs.Select(i => i.Embedding ?? computed[next++]).ToArray();
    }

    private sealed record Existing(Guid Id, string Zone, double Score);

    /// <summary>An input's terms, and the existing memory it duplicates, if any.</summary>
    private sealed record Nearest(string[] Terms, Existing? Duplicate);

    private static NpgsqlBatchCommand NearestExistingCommand(Guid accountId, IReadOnlyList<MemoryInput> inputs, float[][] embeddings, string[] models)
    {
        // A duplicate has the same words, so the keyword index finds every candidate exactly (the vector index is
        // approximate and missed about one in 150 exact twins at 10,000 memories) and at about half the cost:
        // the probe asks for the input's longest terms (usually its rarest; any of its terms would be exact, since
        // the whole set is compared next). Content without terms (only stop words, say) falls back to the nearest
        // vectors. Vectors alone are not enough: an English-only model gives unrelated texts in a script it does
        // not know vectors closer than a true duplicate with different punctuation. The model is compared with IS TRUE
        // so that it filters the few rows the keyword index returns: as a plain equality the planner also read the
        // (model, account) index for every input and intersected the two, which read every memory of the account's
        // model each time and doubled the statement (100 inputs: 37 to 56 ms against 18 to 26).
        var command = new NpgsqlBatchCommand("""
            WITH i AS MATERIALIZED (
                SELECT *, tsvector_to_array(stellar_terms(content)) AS terms
                FROM unnest(@embeddings::vector[], @agents, @models, @contents) WITH ORDINALITY AS u(embedding, agent_id, model, content, ord)
            )
            SELECT i.ord, i.terms, d.id, d.zone, d.score
            FROM i
            LEFT JOIN LATERAL (
                SELECT n.id, n.zone, n.score FROM (
                    (SELECT id, zone, score, terms, embedding <=> i.embedding AS distance FROM memories
                     WHERE cardinality(i.terms) > 0 AND account_id = @account AND agent_id = i.agent_id
                       AND (embedding_model = i.model) IS TRUE
                       AND terms @@ (SELECT stellar_all_terms(stellar_term_query(term)) FROM (
                                         SELECT term FROM unnest(i.terms) AS term ORDER BY length(term) DESC, term LIMIT @probe_terms) p))
                    UNION ALL
                    (SELECT id, zone, score, terms, embedding <=> i.embedding AS distance FROM memories
                     WHERE cardinality(i.terms) = 0 AND account_id = @account AND agent_id = i.agent_id AND embedding_model = i.model
                     ORDER BY embedding <=> i.embedding LIMIT 5)
                ) n
                WHERE 1 - n.distance >= @similarity AND tsvector_to_array(n.terms) = i.terms
                ORDER BY n.distance LIMIT 1
            ) d ON TRUE
            """);
        command.Parameters.AddWithValue("probe_terms", DuplicateProbeTerms);
        command.Parameters.AddWithValue("account", accountId);
        command.Parameters.AddWithValue("embeddings", embeddings.Select(e => new Vector(e)).ToArray());
        command.Parameters.AddWithValue("agents", inputs.Select(i => i.AgentId).ToArray());
        command.Parameters.AddWithValue("models", models);
        command.Parameters.AddWithValue("contents", inputs.Select(i => i.Content).ToArray());
        command.Parameters.AddWithValue("similarity", DuplicateSimilarity);
        return command;
    }

    private static async Task<Nearest[]> ReadNearestAsync(NpgsqlDataReader reader, int count, CancellationToken cancellationToken)
    {
        var nearest = new Nearest[count];
        while (await reader.ReadAsync(cancellationToken))
        {
            nearest[reader.GetInt64(0) - 1] = new Nearest(reader.GetFieldValue<string[]>(1),
                reader.IsDBNull(2) ? null : new Existing(reader.GetGuid(2), reader.GetString(3), reader.GetFloat(4)));
        }
        return nearest;
    }

    private static NpgsqlBatchCommand KnownAgentsCommand(Guid accountId, IReadOnlyList<MemoryInput> inputs)
    {
        var command = new NpgsqlBatchCommand("SELECT agent_id FROM memory_agents WHERE account_id = @account AND agent_id = ANY(@agents)");
        command.Parameters.AddWithValue("account", accountId);
        command.Parameters.AddWithValue("agents", inputs.Select(i => i.AgentId).Distinct().ToArray());
        return command;
    }

    private static async Task<HashSet<string>> ReadKnownAgentsAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        var known = new HashSet<string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            known.Add(reader.GetString(0));
        }
        return known;
    }

    // Counting stops at each zone's capacity, so this stays cheap for accounts of any size.
    private static readonly List<Zone> BoundedZones = Zone.All.Where(z => z.Capacity is not null).ToList();

    private static NpgsqlBatchCommand ZoneRoomCommand(Guid accountId)
    {
        var sql = string.Join(" UNION ALL ", BoundedZones.Select((z, i) =>
            $"SELECT {i}, count(*) FROM (SELECT 1 FROM memories WHERE account_id = @account AND zone = '{z.Name}' LIMIT {z.Capacity}) z{i}"));
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddWithValue("account", accountId);
        return command;
    }

    private static async Task<ZoneRoom> ReadZoneRoomAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        var filled = new Dictionary<Zone, int>();
        while (await reader.ReadAsync(cancellationToken))
        {
            filled[BoundedZones[reader.GetInt32(0)]] = (int)reader.GetInt64(1);
        }
        return new ZoneRoom(filled);
    }

    private static NpgsqlBatchCommand InsertCommand(Guid accountId, IReadOnlyList<MemoryInput> inputs, float[][] embeddings, string[] models,
        List<(int Index, Guid Id, Zone Zone, double Score)> rows, DateTimeOffset now)
    {
        // In input order, so that seq (store order, which recall reads neighbours by) follows the batch.
        var command = new NpgsqlBatchCommand("""
            INSERT INTO memories (id, account_id, agent_id, content, importance, metadata, embedding, embedding_model, zone, score, created_at, updated_at)
            SELECT id, @account, agent_id, content, importance, metadata::jsonb, embedding, model, zone, score, @now, @now
            FROM unnest(@ids, @agents, @contents, @importances, @metadata, @embeddings::vector[], @models, @zones, @scores)
                WITH ORDINALITY AS r(id, agent_id, content, importance, metadata, embedding, model, zone, score, ord)
            ORDER BY ord
            """);
        command.Parameters.AddWithValue("account", accountId);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("ids", rows.Select(r => r.Id).ToArray());
        command.Parameters.AddWithValue("agents", rows.Select(r => inputs[r.Index].AgentId).ToArray());
        command.Parameters.AddWithValue("contents", rows.Select(r => inputs[r.Index].Content).ToArray());
        command.Parameters.AddWithValue("importances", rows.Select(r => (float)inputs[r.Index].Importance).ToArray());
        command.Parameters.AddWithValue("metadata", NpgsqlDbType.Array | NpgsqlDbType.Text, rows.Select(r => inputs[r.Index].MetadataJson).ToArray());
        command.Parameters.AddWithValue("embeddings", rows.Select(r => new Vector(embeddings[r.Index])).ToArray());
        command.Parameters.AddWithValue("models", rows.Select(r => models[r.Index]).ToArray());
        command.Parameters.AddWithValue("zones", rows.Select(r => r.Zone.Name).ToArray());
        command.Parameters.AddWithValue("scores", rows.Select(r => (float)r.Score).ToArray());
        return command;
    }
}
