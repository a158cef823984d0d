# stripe-mock, Stripe's official API mock, built with go install.
# shellcheck shell=bash
stripe_mock_install() { go_install stripe-mock "github.com/stripe/stripe-mock@$STRIPE_MOCK_VERSION"; }

stripe_mock_health() {
  curl -fsS -H "Authorization: Bearer sk_test_123" "http://127.0.0.1:$STRIPE_MOCK_PORT/v1/customers" >/dev/null
}

stripe_mock_start() {
  spawn stripe-mock "$BIN_DIR/stripe-mock" -http-addr "127.0.0.1:$STRIPE_MOCK_PORT"
  wait_until stripe-mock 30 stripe_mock_health
}

stripe_mock_stop() { stop_pid stripe-mock "$STRIPE_MOCK_PORT"; }
