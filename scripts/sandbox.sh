# Sourced by run.sh for the offline billing demo (--demo-billing or STELLAR_DEMO_BILLING=1): starts the sandbox
# payment providers (StellarMemory.Sandbox, on the STELLAR_SANDBOX_* ports) and exports the billing settings that
# point the host at them. The sandbox stops when the host it was started for stops.
sandbox_dll="$repo_root/StellarMemory.Sandbox/bin/Release/net10.0/StellarMemory.Sandbox.dll"
sandbox_settings="$STELLAR_DATA_DIR/sandbox.env"
[[ -f $sandbox_dll ]] || die "the sandbox is not built: run ./scripts/build.sh"
mkdir -p "$STELLAR_DATA_DIR"
rm -f "$sandbox_settings"
say "starting the sandbox payment providers (Stripe :$STELLAR_SANDBOX_STRIPE_PORT, Lemon Squeezy :$STELLAR_SANDBOX_LEMONSQUEEZY_PORT)"
# $$ is run.sh's shell, which lives as long as the host it starts.
dotnet "$sandbox_dll" --settings-file "$sandbox_settings" --exit-with $$ &
sandbox_pid=$!
for _ in $(seq 1 300); do
  [[ -f $sandbox_settings ]] && break
  kill -0 "$sandbox_pid" 2>/dev/null || die "the sandbox stopped before it was ready (is a STELLAR_SANDBOX_* port taken?)"
  sleep 0.2
done
[[ -f $sandbox_settings ]] || die "the sandbox did not start within a minute"
# shellcheck source=/dev/null
source "$sandbox_settings"
# The demo is the subscribe flow: it does not wait for the emailed verification a real deployment asks for before
# checkout (the mail still arrives in the local catcher).
export Accounts__CheckoutRequiresVerifiedEmail=false
say "billing demo: open http://127.0.0.1:$STELLAR_HOST_PORT/#pricing, subscribe to Pro or Team and pay on the sandbox page"
