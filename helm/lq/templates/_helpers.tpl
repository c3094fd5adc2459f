{{/* Names and labels. */}}
{{- define "lq.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "lq.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "lq.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ include "lq.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/* Selector labels of one component: web, worker, beat, migrate. */}}
{{- define "lq.selectorLabels" -}}
app.kubernetes.io/name: {{ include "lq.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "lq.image" -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end -}}

{{/* Environment of every LQ container: plain settings and the secret's keys. */}}
{{- define "lq.env" -}}
- name: DJANGO_SETTINGS_MODULE
  value: portal.settings.production
- name: LQ_BASE_DOMAIN
  value: {{ .Values.baseDomain | quote }}
- name: MEDIA_ROOT
  value: /app/media
# Town archives for download/import, when no bucket is set: on the media volume, the one
# the web and worker pods share (never served: not a town's folder).
- name: LQ_TOWN_ARCHIVE_DIR
  value: /app/media/.town-archives
- name: LQ_CITUS_SCHEMA_SHARDING
  value: {{ .Values.citus.enabled | ternary "true" "false" | quote }}
{{- with .Values.backups.bucket }}
- name: LQ_BACKUP_BUCKET
  value: {{ . | quote }}
- name: LQ_BACKUP_ENDPOINT_URL
  value: {{ $.Values.backups.endpointUrl | quote }}
- name: LQ_BACKUP_REGION
  value: {{ $.Values.backups.region | quote }}
- name: LQ_BACKUP_PREFIX
  value: {{ $.Values.backups.prefix | quote }}
{{- end }}
{{- range $name, $value := .Values.env }}
- name: {{ $name }}
  value: {{ $value | quote }}
{{- end }}
{{- range $key := list "DATABASE_URL" "REDIS_URL" "SECRET_KEY" }}
- name: {{ $key }}
  valueFrom:
    secretKeyRef:
      name: {{ $.Values.secret.name }}
      key: {{ $key }}
{{- end }}
{{- range $key := list "SENTRY_DSN" "EMAIL_HOST_PASSWORD" "SECRET_KEY_FALLBACKS" "STRIPE_API_KEY" "STRIPE_WEBHOOK_SECRET" "LQ_BOUNCE_WEBHOOK_SECRET" "AWS_ACCESS_KEY_ID" "AWS_SECRET_ACCESS_KEY" }}
- name: {{ $key }}
  valueFrom:
    secretKeyRef:
      name: {{ $.Values.secret.name }}
      key: {{ $key }}
      optional: true
{{- end }}
{{- end -}}

{{/* Writable folders under a read-only root file system. */}}
{{- define "lq.volumeMounts" -}}
- name: tmp
  mountPath: /tmp
- name: media
  mountPath: /app/media
{{- end -}}

{{- define "lq.volumes" -}}
- name: tmp
  emptyDir: {}
- name: media
{{- if .Values.media.existingClaim }}
  persistentVolumeClaim:
    claimName: {{ .Values.media.existingClaim }}
{{- else }}
  emptyDir: {}
{{- end }}
{{- end -}}

{{- define "lq.podCommon" -}}
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.serviceAccountName }}
serviceAccountName: {{ . }}
{{- end }}
securityContext:
  {{- toYaml .Values.podSecurityContext | nindent 2 }}
automountServiceAccountToken: false
{{- end -}}
