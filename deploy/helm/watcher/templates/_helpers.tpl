{{/* Chart name, at most 63 characters. */}}
{{- define "watcher.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full name of every object: fullnameOverride, the release name if it holds the chart name, else release-chart. */}}
{{- define "watcher.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else if contains (include "watcher.name" .) .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name (include "watcher.name" .) | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{/* Labels on every object. */}}
{{- define "watcher.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{ include "watcher.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* Labels the Deployment selects its pods and the Service its endpoints by. */}}
{{- define "watcher.selectorLabels" -}}
app.kubernetes.io/name: {{ include "watcher.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* Secret holding the storage connection string. */}}
{{- define "watcher.secretName" -}}
{{- if .Values.storage.existingSecret }}
{{- .Values.storage.existingSecret }}
{{- else }}
{{- include "watcher.fullname" . }}-storage
{{- end }}
{{- end }}

{{/*
Refuses settings that cannot work on one task hub: more workers than control-queue partitions (the extra ones never
own an orchestration), or an autoscaler with the per-pod Azurite sidecar.
*/}}
{{- define "watcher.checkScale" -}}
{{- $partitions := int .Values.durable.partitionCount }}
{{- if or (lt $partitions 1) (gt $partitions 16) }}
{{- fail (printf "durable.partitionCount must be 1-16, got %d" $partitions) }}
{{- end }}
{{- if and (not .Values.autoscaling.enabled) (not .Values.azurite.enabled) (gt (int .Values.replicaCount) $partitions) }}
{{- fail (printf "replicaCount %d exceeds durable.partitionCount %d: the extra replicas would never run an orchestration" (int .Values.replicaCount) $partitions) }}
{{- end }}
{{- if .Values.autoscaling.enabled }}
{{- if .Values.azurite.enabled }}
{{- fail "autoscaling.enabled needs real storage: the azurite sidecar holds one replica's data" }}
{{- end }}
{{- if gt (int .Values.autoscaling.maxReplicas) $partitions }}
{{- fail (printf "autoscaling.maxReplicas %d exceeds durable.partitionCount %d" (int .Values.autoscaling.maxReplicas) $partitions) }}
{{- end }}
{{- if gt (int .Values.autoscaling.minReplicas) (int .Values.autoscaling.maxReplicas) }}
{{- fail (printf "autoscaling.minReplicas %d exceeds maxReplicas %d" (int .Values.autoscaling.minReplicas) (int .Values.autoscaling.maxReplicas)) }}
{{- end }}
{{- end }}
{{- end }}

{{/* Fewest replicas that run: 1 with the Azurite sidecar, autoscaling.minReplicas with the HPA, else replicaCount. */}}
{{- define "watcher.minReplicas" -}}
{{- if .Values.azurite.enabled }}1{{- else if .Values.autoscaling.enabled }}{{ int .Values.autoscaling.minReplicas }}{{- else }}{{ int .Values.replicaCount }}{{- end }}
{{- end }}
