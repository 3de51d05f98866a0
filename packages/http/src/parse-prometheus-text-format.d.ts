// The package ships no types; the test only needs to know that it returns the metric families.
declare module 'parse-prometheus-text-format' {
  export default function parsePrometheusTextFormat(text: string): Array<{ name: string; type: string }>;
}
