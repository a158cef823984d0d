{{/*
One role's Deployment. Every role runs the same image; ROLES picks what the process starts.
Usage: include "social-analytics.deployment" (dict "root" $ "role" "api")
*/}}
{{- define "social-analytics.deployment" -}}
{{- $root := .root }}
{{- $v := index $root.Values .role }}
{{- $ctx := dict "root" $root "role" .role }}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "social-analytics.roleFullname" $ctx }}
  namespace: {{ $root.Release.Namespace }}
  labels:
    {{- include "social-analytics.roleLabels" $ctx | nindent 4 }}
spec:
  {{- if not $v.autoscaling.enabled }}
  replicas: {{ $v.replicaCount }}
  {{- end }}
  revisionHistoryLimit: 5
  selector:
    matchLabels:
      {{- include "social-analytics.roleSelectorLabels" $ctx | nindent 6 }}
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 25%
      maxUnavailable: 0
  template:
    metadata:
      labels:
        {{- include "social-analytics.roleSelectorLabels" $ctx | nindent 8 }}
        {{- with $v.podLabels }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      annotations:
        # A changed ConfigMap or Secret rolls the pods: the process reads its environment once.
        checksum/config: {{ include (print $root.Template.BasePath "/configmap.yaml") $root | sha256sum }}
        checksum/secret: {{ include (print $root.Template.BasePath "/secret.yaml") $root | sha256sum }}
        {{- with $v.podAnnotations }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    spec:
      serviceAccountName: {{ include "social-analytics.serviceAccountName" $root }}
      automountServiceAccountToken: {{ $root.Values.serviceAccount.automountServiceAccountToken }}
      {{- with $root.Values.imagePullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $v.priorityClassName }}
      priorityClassName: {{ . }}
      {{- end }}
      securityContext:
        {{- toYaml $root.Values.podSecurityContext | nindent 8 }}
      # preStop sleep, then SIGTERM and SHUTDOWN_TIMEOUT_MS for the process's own stop, plus margin.
      terminationGracePeriodSeconds: {{ add $root.Values.shutdown.preStopSleepSeconds $root.Values.shutdown.timeoutSeconds 5 }}
      containers:
        - name: social-analytics
          image: {{ include "social-analytics.image" $root | quote }}
          imagePullPolicy: {{ $root.Values.image.pullPolicy }}
          securityContext:
            {{- toYaml $root.Values.containerSecurityContext | nindent 12 }}
          ports:
            {{- if ne .role "processors" }}
            - name: http
              containerPort: {{ $root.Values.ports.http }}
              protocol: TCP
            {{- end }}
            - name: ops
              containerPort: {{ $root.Values.ports.ops }}
              protocol: TCP
          env:
            - name: ROLES
              value: {{ .role | quote }}
            - name: NODE_ENV
              value: production
            # Every interface: probes, Services and Prometheus reach the pod's address.
            - name: HTTP_HOST
              value: 0.0.0.0
            - name: HTTP_PORT
              value: {{ $root.Values.ports.http | quote }}
            - name: OPS_PORT
              value: {{ $root.Values.ports.ops | quote }}
            - name: SHUTDOWN_TIMEOUT_MS
              value: {{ mul $root.Values.shutdown.timeoutSeconds 1000 | quote }}
            {{- range $name, $value := $v.env }}
            - name: {{ $name }}
              value: {{ $value | toString | quote }}
            {{- end }}
          envFrom:
            - configMapRef:
                name: {{ include "social-analytics.fullname" $root }}
            - secretRef:
                name: {{ include "social-analytics.secretName" $root }}
          startupProbe:
            httpGet:
              path: /healthz
              port: ops
            {{- toYaml $root.Values.probes.startup | nindent 12 }}
          livenessProbe:
            httpGet:
              path: /healthz
              port: ops
            {{- toYaml $root.Values.probes.liveness | nindent 12 }}
          readinessProbe:
            httpGet:
              path: /readyz
              port: ops
            {{- toYaml $root.Values.probes.readiness | nindent 12 }}
          lifecycle:
            preStop:
              sleep:
                seconds: {{ $root.Values.shutdown.preStopSleepSeconds }}
          resources:
            {{- toYaml $v.resources | nindent 12 }}
          volumeMounts:
            - name: tmp
              mountPath: /tmp
      volumes:
        # The only writable place: stream state stores and Node's temp files.
        - name: tmp
          emptyDir:
            sizeLimit: {{ $v.tmpSizeLimit }}
      {{- with $v.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $v.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      affinity:
        {{- if $v.affinity }}
        {{- toYaml $v.affinity | nindent 8 }}
        {{- else }}
        podAntiAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
            - weight: 100
              podAffinityTerm:
                topologyKey: kubernetes.io/hostname
                labelSelector:
                  matchLabels:
                    {{- include "social-analytics.roleSelectorLabels" $ctx | nindent 20 }}
        {{- end }}
      {{- if $root.Values.topologySpread.enabled }}
      topologySpreadConstraints:
        {{- range $key := list "topology.kubernetes.io/zone" "kubernetes.io/hostname" }}
        - maxSkew: 1
          topologyKey: {{ $key }}
          whenUnsatisfiable: {{ $root.Values.topologySpread.whenUnsatisfiable }}
          labelSelector:
            matchLabels:
              {{- include "social-analytics.roleSelectorLabels" $ctx | nindent 14 }}
        {{- end }}
      {{- end }}
{{- end }}

{{/*
One role's Service: the HTTP port (api, connectors) and the ops port (every role, for Prometheus).
*/}}
{{- define "social-analytics.service" -}}
{{- $root := .root }}
{{- $ctx := dict "root" $root "role" .role }}
apiVersion: v1
kind: Service
metadata:
  name: {{ include "social-analytics.roleFullname" $ctx }}
  namespace: {{ $root.Release.Namespace }}
  labels:
    {{- include "social-analytics.roleLabels" $ctx | nindent 4 }}
spec:
  type: ClusterIP
  selector:
    {{- include "social-analytics.roleSelectorLabels" $ctx | nindent 4 }}
  ports:
    {{- if ne .role "processors" }}
    - name: http
      port: {{ $root.Values.ports.http }}
      targetPort: http
      protocol: TCP
    {{- end }}
    - name: ops
      port: {{ $root.Values.ports.ops }}
      targetPort: ops
      protocol: TCP
{{- end }}

{{/*
One role's HorizontalPodAutoscaler (autoscaling/v2) on CPU and memory utilization of the requests.
*/}}
{{- define "social-analytics.hpa" -}}
{{- $root := .root }}
{{- $v := index $root.Values .role }}
{{- $ctx := dict "root" $root "role" .role }}
{{- if gt (int $v.autoscaling.minReplicas) (int $v.autoscaling.maxReplicas) }}
{{- fail (printf "%s.autoscaling.minReplicas (%v) is above maxReplicas (%v)" .role $v.autoscaling.minReplicas $v.autoscaling.maxReplicas) }}
{{- end }}
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ include "social-analytics.roleFullname" $ctx }}
  namespace: {{ $root.Release.Namespace }}
  labels:
    {{- include "social-analytics.roleLabels" $ctx | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ include "social-analytics.roleFullname" $ctx }}
  minReplicas: {{ $v.autoscaling.minReplicas }}
  maxReplicas: {{ $v.autoscaling.maxReplicas }}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ $v.autoscaling.targetCPUUtilizationPercentage }}
    - type: Resource
      resource:
        name: memory
        target:
          type: Utilization
          averageUtilization: {{ $v.autoscaling.targetMemoryUtilizationPercentage }}
  behavior:
    scaleDown:
      # Five minutes of lower load before removing pods: each removal is a drain (and for
      # processors a rebalance).
      stabilizationWindowSeconds: 300
      policies:
        - type: Pods
          value: 1
          periodSeconds: 60
{{- end }}

{{/*
One role's PodDisruptionBudget.
*/}}
{{- define "social-analytics.pdb" -}}
{{- $root := .root }}
{{- $v := index $root.Values .role }}
{{- $ctx := dict "root" $root "role" .role }}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "social-analytics.roleFullname" $ctx }}
  namespace: {{ $root.Release.Namespace }}
  labels:
    {{- include "social-analytics.roleLabels" $ctx | nindent 4 }}
spec:
  maxUnavailable: {{ $v.podDisruptionBudget.maxUnavailable }}
  selector:
    matchLabels:
      {{- include "social-analytics.roleSelectorLabels" $ctx | nindent 6 }}
{{- end }}
