{{/*
"true" when the backup of .what renders: enabled, and for ClickHouse a server to run it
(config.CLICKHOUSE_URL; embedded chdb locks its directory to the process that opened it).
Usage: include "social-analytics.backupEnabled" (dict "root" $ "what" "clickhouse")
*/}}
{{- define "social-analytics.backupEnabled" -}}
{{- $b := index .root.Values.backup .what }}
{{- if and $b.enabled (or (eq .what "postgres") .root.Values.config.CLICKHOUSE_URL) }}true{{ end }}
{{- end }}

{{/*
One backup CronJob: `node dist/app/lake.js backup <what>` (app/lake.ts). The pod is a role's pod
without ports or probes: same image, ServiceAccount, security contexts, ConfigMap and Secret.
Usage: include "social-analytics.backupCronJob" (dict "root" $ "what" "postgres")
*/}}
{{- define "social-analytics.backupCronJob" -}}
{{- $root := .root }}
{{- $backup := $root.Values.backup }}
{{- $b := index $backup .what }}
{{- $ctx := dict "root" $root "role" "backup" }}
apiVersion: batch/v1
kind: CronJob
metadata:
  name: {{ include "social-analytics.roleFullname" (dict "root" $root "role" (printf "backup-%s" .what)) }}
  namespace: {{ $root.Release.Namespace }}
  labels:
    {{- include "social-analytics.roleLabels" $ctx | nindent 4 }}
spec:
  schedule: {{ $b.schedule | quote }}
  {{- with $backup.timeZone }}
  timeZone: {{ . | quote }}
  {{- end }}
  suspend: {{ $b.suspend | default false }}
  # A backup still running when the next is due keeps going; the next is skipped, never doubled.
  concurrencyPolicy: Forbid
  # A run missed by more than this (controller down, cluster full) is skipped, not made up later.
  startingDeadlineSeconds: {{ $backup.startingDeadlineSeconds }}
  successfulJobsHistoryLimit: {{ $backup.successfulJobsHistoryLimit }}
  failedJobsHistoryLimit: {{ $backup.failedJobsHistoryLimit }}
  jobTemplate:
    metadata:
      labels:
        {{- include "social-analytics.roleLabels" $ctx | nindent 8 }}
    spec:
      backoffLimit: {{ $b.backoffLimit }}
      # The whole Job, retries included: a stuck pg_dump or BACKUP must not hold the next run off.
      activeDeadlineSeconds: {{ $b.activeDeadlineSeconds }}
      template:
        metadata:
          labels:
            {{- include "social-analytics.roleSelectorLabels" $ctx | nindent 12 }}
            {{- with $backup.podLabels }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
          {{- with $backup.podAnnotations }}
          annotations:
            {{- toYaml . | nindent 12 }}
          {{- end }}
        spec:
          # A failed attempt leaves its pod (and its log) and the next attempt gets a fresh one.
          restartPolicy: Never
          serviceAccountName: {{ include "social-analytics.serviceAccountName" $root }}
          automountServiceAccountToken: {{ $root.Values.serviceAccount.automountServiceAccountToken }}
          {{- with $root.Values.imagePullSecrets }}
          imagePullSecrets:
            {{- toYaml . | nindent 12 }}
          {{- end }}
          {{- with $backup.priorityClassName }}
          priorityClassName: {{ . }}
          {{- end }}
          securityContext:
            {{- toYaml $root.Values.podSecurityContext | nindent 12 }}
          containers:
            - name: backup
              image: {{ include "social-analytics.image" $root | quote }}
              imagePullPolicy: {{ $root.Values.image.pullPolicy }}
              # The compiled entry, as the roles run dist/app/main.js: the image has no tsx.
              command: ["node", "dist/app/lake.js"]
              args: ["backup", {{ .what | quote }}]
              securityContext:
                {{- toYaml $root.Values.containerSecurityContext | nindent 16 }}
              env:
                - name: NODE_ENV
                  value: production
                {{- range $name, $value := $backup.env }}
                - name: {{ $name }}
                  value: {{ $value | toString | quote }}
                {{- end }}
              envFrom:
                - configMapRef:
                    name: {{ include "social-analytics.fullname" $root }}
                - secretRef:
                    name: {{ include "social-analytics.secretName" $root }}
              resources:
                {{- toYaml $backup.resources | nindent 16 }}
              volumeMounts:
                - name: tmp
                  mountPath: /tmp
          volumes:
            # The root filesystem is read-only: pg_dump's passfile and the dump go under /tmp
            # (a private directory, removed after the upload).
            - name: tmp
              emptyDir:
                sizeLimit: {{ $backup.tmpSizeLimit }}
          {{- with $backup.nodeSelector }}
          nodeSelector:
            {{- toYaml . | nindent 12 }}
          {{- end }}
          {{- with $backup.tolerations }}
          tolerations:
            {{- toYaml . | nindent 12 }}
          {{- end }}
          {{- with $backup.affinity }}
          affinity:
            {{- toYaml . | nindent 12 }}
          {{- end }}
{{- end }}
