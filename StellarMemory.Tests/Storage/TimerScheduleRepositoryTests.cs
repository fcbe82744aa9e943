using Npgsql;
using StellarMemory.Core.Storage;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Storage;

public sealed class TimerScheduleRepositoryTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>, IAsyncLifetime
{
    private static readonly DateTimeOffset Ten = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);
    // Each test's timers have names of their own in the shared database.
    private readonly string _nightly = "Nightly-" + Guid.NewGuid().ToString("N")[..8], _hourly = "Hourly-" + Guid.NewGuid().ToString("N")[..8];
    private NpgsqlDataSource _dataSource = null!;
    private TimerScheduleRepository _repository = null!;

    public Task InitializeAsync()
    {
        _dataSource = NpgsqlDataSource.Create(database.Database.ConnectionString);
        _repository = new TimerScheduleRepository(_dataSource);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _dataSource.DisposeAsync();

    [Fact]
    public async Task A_timer_that_never_fired_has_no_status_and_its_first_claim_no_previous_occurrence()
    {
        Assert.Null(await _repository.GetStatusAsync(_nightly, CancellationToken.None));

        var claim = await _repository.TryClaimAsync(_nightly, Ten, Ten.AddHours(1), CancellationToken.None);

        Assert.NotNull(claim);
        Assert.Null(claim.PreviousOccurrence);
        var status = await _repository.GetStatusAsync(_nightly, CancellationToken.None);
        Assert.Equal(Ten, status!.LastOccurrence);
        Assert.Equal(Ten.AddHours(1), status.NextOccurrence);
    }

    [Fact]
    public async Task The_same_occurrence_is_claimed_once()
    {
        Assert.NotNull(await _repository.TryClaimAsync(_nightly, Ten, Ten.AddHours(1), CancellationToken.None));

        Assert.Null(await _repository.TryClaimAsync(_nightly, Ten, Ten.AddHours(1), CancellationToken.None));
    }

    [Fact]
    public async Task An_older_occurrence_cannot_be_claimed_after_a_newer_one_and_changes_nothing()
    {
        await _repository.TryClaimAsync(_nightly, Ten, Ten.AddHours(1), CancellationToken.None);

        Assert.Null(await _repository.TryClaimAsync(_nightly, Ten.AddHours(-1), Ten, CancellationToken.None));

        var status = await _repository.GetStatusAsync(_nightly, CancellationToken.None);
        Assert.Equal(Ten, status!.LastOccurrence);
        Assert.Equal(Ten.AddHours(1), status.NextOccurrence);
    }

    [Fact]
    public async Task A_later_occurrence_is_claimed_with_the_one_before_it()
    {
        await _repository.TryClaimAsync(_nightly, Ten, Ten.AddHours(1), CancellationToken.None);

        var claim = await _repository.TryClaimAsync(_nightly, Ten.AddHours(1), Ten.AddHours(2), CancellationToken.None);

        Assert.Equal(Ten, claim!.PreviousOccurrence);
        Assert.Equal(Ten.AddHours(2), (await _repository.GetStatusAsync(_nightly, CancellationToken.None))!.NextOccurrence);
    }

    [Fact]
    public async Task Timers_are_claimed_independently()
    {
        await _repository.TryClaimAsync(_nightly, Ten, Ten.AddHours(1), CancellationToken.None);

        Assert.NotNull(await _repository.TryClaimAsync(_hourly, Ten, Ten.AddHours(1), CancellationToken.None));
    }

    [Fact]
    public async Task Many_instances_racing_for_one_occurrence_get_one_claim()
    {
        var claims = await Task.WhenAll(Enumerable.Range(0, 8)
            .Select(_ => Task.Run(() => _repository.TryClaimAsync(_nightly, Ten, Ten.AddHours(1), CancellationToken.None))));

        Assert.Single(claims, claim => claim is not null);
    }

    [Fact]
    public async Task Times_are_stored_and_read_as_utc_whatever_offset_they_were_given()
    {
        var seoul = TimeSpan.FromHours(9);

        await _repository.TryClaimAsync(_nightly, Ten.ToOffset(seoul), Ten.AddHours(1).ToOffset(seoul), CancellationToken.None);

        var status = await _repository.GetStatusAsync(_nightly, CancellationToken.None);
        Assert.Equal(TimeSpan.Zero, status!.LastOccurrence.Offset);
        Assert.Equal(Ten, status.LastOccurrence);
        Assert.True(status.UpdatedAt > DateTimeOffset.UtcNow.AddMinutes(-5));
    }
}
