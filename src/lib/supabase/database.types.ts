
export type Json = string | number | boolean | null | { [key: string]: Json | undefined } | Json[]

export type Database = {
  
  "public": {
          Tables: {
            "billing_checkouts": {
                  Row: {
                    "checked_at": string | null,"checkout_id": string,"created_at": string,"provider": string,"user_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "checked_at"?: string | null,"checkout_id": string,"created_at"?: string,"provider"?: string,"user_id": string
                  }
                  Update: {
                    "checked_at"?: string | null,"checkout_id"?: string,"created_at"?: string,"provider"?: string,"user_id"?: string
                  }
                  Relationships: [
                    
                  ]
                },"billing_customers": {
                  Row: {
                    "customer_id": string,"linked_at": string,"provider": string,"user_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "customer_id": string,"linked_at"?: string,"provider"?: string,"user_id": string
                  }
                  Update: {
                    "customer_id"?: string,"linked_at"?: string,"provider"?: string,"user_id"?: string
                  }
                  Relationships: [
                    
                  ]
                },"polar_webhook_events": {
                  Row: {
                    "detail": string | null,"outcome": string,"payload": NonNullable<Json>,"received_at": string,"reconciled_at": string | null,"type": string,"user_id": string | null,"webhook_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "detail"?: string | null,"outcome": string,"payload": NonNullable<Json>,"received_at"?: string,"reconciled_at"?: string | null,"type": string,"user_id"?: string | null,"webhook_id": string
                  }
                  Update: {
                    "detail"?: string | null,"outcome"?: string,"payload"?: NonNullable<Json>,"received_at"?: string,"reconciled_at"?: string | null,"type"?: string,"user_id"?: string | null,"webhook_id"?: string
                  }
                  Relationships: [
                    
                  ]
                },"pro_notes": {
                  Row: {
                    "body": string,"created_at": string,"id": number,"user_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "body": string,"created_at"?: string,"id"?: never,"user_id"?: string
                  }
                  Update: {
                    "body"?: string,"created_at"?: string,"id"?: never,"user_id"?: string
                  }
                  Relationships: [
                    
                  ]
                },"product_entitlements": {
                  Row: {
                    "description": string | null,"key": string,"product_id": string,"provider": string
                  }
                  ComputedFields: never
                  Insert: {
                    "description"?: string | null,"key": string,"product_id": string,"provider": string
                  }
                  Update: {
                    "description"?: string | null,"key"?: string,"product_id"?: string,"provider"?: string
                  }
                  Relationships: [
                    
                  ]
                },"provider_webhook_events": {
                  Row: {
                    "detail": string | null,"event_id": string,"outcome": string,"payload": NonNullable<Json>,"provider": string,"received_at": string,"type": string,"user_id": string | null
                  }
                  ComputedFields: never
                  Insert: {
                    "detail"?: string | null,"event_id": string,"outcome": string,"payload": NonNullable<Json>,"provider": string,"received_at"?: string,"type": string,"user_id"?: string | null
                  }
                  Update: {
                    "detail"?: string | null,"event_id"?: string,"outcome"?: string,"payload"?: NonNullable<Json>,"provider"?: string,"received_at"?: string,"type"?: string,"user_id"?: string | null
                  }
                  Relationships: [
                    
                  ]
                },"rate_limit_buckets": {
                  Row: {
                    "expires_at": string,"hits": (string)[],"key": string
                  }
                  ComputedFields: never
                  Insert: {
                    "expires_at": string,"hits"?: (string)[],"key": string
                  }
                  Update: {
                    "expires_at"?: string,"hits"?: (string)[],"key"?: string
                  }
                  Relationships: [
                    
                  ]
                },"reconcile_changes": {
                  Row: {
                    "created_at": string,"detail": string | null,"id": number,"kind": string,"object_id": string,"outcome": string,"run_id": number,"user_id": string | null
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"detail"?: string | null,"id"?: never,"kind": string,"object_id": string,"outcome": string,"run_id": number,"user_id"?: string | null
                  }
                  Update: {
                    "created_at"?: string,"detail"?: string | null,"id"?: never,"kind"?: string,"object_id"?: string,"outcome"?: string,"run_id"?: number,"user_id"?: string | null
                  }
                  Relationships: [
                    {
      foreignKeyName: "reconcile_changes_run_id_fkey"
      columns: ["run_id"]
isOneToOne: false
      referencedRelation: "reconcile_runs"
      referencedColumns: ["id"]
    }
                  ]
                },"reconcile_runs": {
                  Row: {
                    "checked": number,"done": boolean,"drifted": number,"endpoint": Json | null,"failed": number,"finished_at": string | null,"id": number,"mode": string,"notes": (string)[],"polar_calls": number,"redelivered": number,"repaired": number,"started_at": string,"trigger": string
                  }
                  ComputedFields: never
                  Insert: {
                    "checked"?: number,"done"?: boolean,"drifted"?: number,"endpoint"?: Json | null,"failed"?: number,"finished_at"?: string | null,"id"?: never,"mode": string,"notes"?: (string)[],"polar_calls"?: number,"redelivered"?: number,"repaired"?: number,"started_at"?: string,"trigger": string
                  }
                  Update: {
                    "checked"?: number,"done"?: boolean,"drifted"?: number,"endpoint"?: Json | null,"failed"?: number,"finished_at"?: string | null,"id"?: never,"mode"?: string,"notes"?: (string)[],"polar_calls"?: number,"redelivered"?: number,"repaired"?: number,"started_at"?: string,"trigger"?: string
                  }
                  Relationships: [
                    
                  ]
                },"reconcile_seen_grants": {
                  Row: {
                    "grant_id": string,"sweep": string
                  }
                  ComputedFields: never
                  Insert: {
                    "grant_id": string,"sweep": string
                  }
                  Update: {
                    "grant_id"?: string,"sweep"?: string
                  }
                  Relationships: [
                    
                  ]
                },"reconcile_state": {
                  Row: {
                    "cursor": NonNullable<Json>,"id": string,"lease_until": string | null,"updated_at": string
                  }
                  ComputedFields: never
                  Insert: {
                    "cursor"?: NonNullable<Json>,"id": string,"lease_until"?: string | null,"updated_at"?: string
                  }
                  Update: {
                    "cursor"?: NonNullable<Json>,"id"?: string,"lease_until"?: string | null,"updated_at"?: string
                  }
                  Relationships: [
                    
                  ]
                },"subscriptions": {
                  Row: {
                    "cancel_at_period_end": boolean,"canceled_at": string | null,"checkout_id": string | null,"created_at": string,"current_period_end": string | null,"current_period_start": string | null,"customer_id": string,"ended_at": string | null,"ends_at": string | null,"event_at": string | null,"modified_at": string,"past_due_at": string | null,"pending_applies_at": string | null,"pending_product_id": string | null,"price_id": string | null,"product_id": string | null,"provider": string,"started_at": string | null,"state_digest": string,"state_rank": number,"status": string,"subscription_id": string,"trial_end": string | null,"trial_start": string | null,"updated_at": string,"user_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "cancel_at_period_end"?: boolean,"canceled_at"?: string | null,"checkout_id"?: string | null,"created_at"?: string,"current_period_end"?: string | null,"current_period_start"?: string | null,"customer_id": string,"ended_at"?: string | null,"ends_at"?: string | null,"event_at"?: string | null,"modified_at": string,"past_due_at"?: string | null,"pending_applies_at"?: string | null,"pending_product_id"?: string | null,"price_id"?: string | null,"product_id"?: string | null,"provider"?: string,"started_at"?: string | null,"state_digest": string,"state_rank": number,"status": string,"subscription_id": string,"trial_end"?: string | null,"trial_start"?: string | null,"updated_at"?: string,"user_id": string
                  }
                  Update: {
                    "cancel_at_period_end"?: boolean,"canceled_at"?: string | null,"checkout_id"?: string | null,"created_at"?: string,"current_period_end"?: string | null,"current_period_start"?: string | null,"customer_id"?: string,"ended_at"?: string | null,"ends_at"?: string | null,"event_at"?: string | null,"modified_at"?: string,"past_due_at"?: string | null,"pending_applies_at"?: string | null,"pending_product_id"?: string | null,"price_id"?: string | null,"product_id"?: string | null,"provider"?: string,"started_at"?: string | null,"state_digest"?: string,"state_rank"?: number,"status"?: string,"subscription_id"?: string,"trial_end"?: string | null,"trial_start"?: string | null,"updated_at"?: string,"user_id"?: string
                  }
                  Relationships: [
                    
                  ]
                },"user_entitlements": {
                  Row: {
                    "benefit_id": string,"customer_id": string,"description": string | null,"grant_id": string,"granted_at": string | null,"key": string | null,"modified_at": string,"provider": string,"revoked_at": string | null,"subscription_id": string | null,"updated_at": string,"user_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "benefit_id": string,"customer_id": string,"description"?: string | null,"grant_id": string,"granted_at"?: string | null,"key"?: string | null,"modified_at": string,"provider"?: string,"revoked_at"?: string | null,"subscription_id"?: string | null,"updated_at"?: string,"user_id": string
                  }
                  Update: {
                    "benefit_id"?: string,"customer_id"?: string,"description"?: string | null,"grant_id"?: string,"granted_at"?: string | null,"key"?: string | null,"modified_at"?: string,"provider"?: string,"revoked_at"?: string | null,"subscription_id"?: string | null,"updated_at"?: string,"user_id"?: string
                  }
                  Relationships: [
                    
                  ]
                },"user_subscriptions": {
                  Row: {
                    "cancel_at_period_end": boolean,"canceled_at": string | null,"created_at": string,"current_period_end": string | null,"current_period_start": string | null,"customer_id": string | null,"ended_at": string | null,"ends_at": string | null,"past_due_at": string | null,"pending_applies_at": string | null,"pending_product_id": string | null,"polar_customer_id": string | null,"polar_modified_at": string | null,"polar_subscription_id": string | null,"price_id": string | null,"product_id": string | null,"provider": string,"status": string | null,"subscription_id": string | null,"trial_end": string | null,"updated_at": string,"user_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "cancel_at_period_end"?: boolean,"canceled_at"?: string | null,"created_at"?: string,"current_period_end"?: string | null,"current_period_start"?: string | null,"customer_id"?: string | null,"ended_at"?: string | null,"ends_at"?: string | null,"past_due_at"?: string | null,"pending_applies_at"?: string | null,"pending_product_id"?: string | null,"polar_customer_id"?: string | null,"polar_modified_at"?: string | null,"polar_subscription_id"?: string | null,"price_id"?: string | null,"product_id"?: string | null,"provider"?: string,"status"?: string | null,"subscription_id"?: string | null,"trial_end"?: string | null,"updated_at"?: string,"user_id": string
                  }
                  Update: {
                    "cancel_at_period_end"?: boolean,"canceled_at"?: string | null,"created_at"?: string,"current_period_end"?: string | null,"current_period_start"?: string | null,"customer_id"?: string | null,"ended_at"?: string | null,"ends_at"?: string | null,"past_due_at"?: string | null,"pending_applies_at"?: string | null,"pending_product_id"?: string | null,"polar_customer_id"?: string | null,"polar_modified_at"?: string | null,"polar_subscription_id"?: string | null,"price_id"?: string | null,"product_id"?: string | null,"provider"?: string,"status"?: string | null,"subscription_id"?: string | null,"trial_end"?: string | null,"updated_at"?: string,"user_id"?: string
                  }
                  Relationships: [
                    
                  ]
                }
          }
          Views: {
            [_ in never]: never
          }
          Functions: {
            "apply_polar_benefit_grant":
{ Args: { "p_benefit_id": string,"p_customer_id": string,"p_description"?: string,"p_event_type": string,"p_external_user_id"?: string,"p_grant_id": string,"p_granted_at"?: string,"p_key"?: string,"p_modified_at": string,"p_payload": Json,"p_revoked_at"?: string,"p_subscription_id"?: string,"p_webhook_id"?: string }; Returns: string
                           },
"apply_polar_customer_state":
{ Args: { "p_as_of": string,"p_customer_id": string,"p_event_type": string,"p_external_user_id"?: string,"p_grants": Json,"p_payload": Json,"p_webhook_id"?: string }; Returns: string
                           },
"apply_polar_subscription":
{ Args: { "p_cancel_at_period_end": boolean,"p_canceled_at"?: string,"p_checkout_id"?: string,"p_claimed_user_id"?: string,"p_current_period_end"?: string,"p_current_period_start"?: string,"p_customer_id": string,"p_ended_at"?: string,"p_ends_at"?: string,"p_event_at"?: string,"p_event_type": string,"p_external_user_id"?: string,"p_modified_at": string,"p_past_due_at"?: string,"p_payload": Json,"p_pending_applies_at"?: string,"p_pending_product_id"?: string,"p_price_id"?: string,"p_product_id"?: string,"p_started_at"?: string,"p_status": string,"p_subscription_id": string,"p_trial_end"?: string,"p_trial_start"?: string,"p_webhook_id"?: string }; Returns: string
                           },
"apply_subscription":
{ Args: { "p_cancel_at_period_end": boolean,"p_canceled_at"?: string,"p_checkout_id"?: string,"p_claimed_user_id"?: string,"p_current_period_end"?: string,"p_current_period_start"?: string,"p_customer_id": string,"p_ended_at"?: string,"p_ends_at"?: string,"p_event_at"?: string,"p_event_id"?: string,"p_event_type": string,"p_external_user_id"?: string,"p_modified_at": string,"p_past_due_at"?: string,"p_payload": Json,"p_pending_applies_at"?: string,"p_pending_product_id"?: string,"p_price_id"?: string,"p_product_id"?: string,"p_provider": string,"p_read"?: boolean,"p_started_at"?: string,"p_status": string,"p_subscription_id": string,"p_trial_end"?: string,"p_trial_start"?: string }; Returns: string
                           },
"begin_reconcile_run":
{ Args: { "p_mode": string,"p_seconds": number,"p_trigger": string }; Returns: Record<string, unknown>
                           },
"consume_rate_limit":
{ Args: { "p_buckets": Json }; Returns: number
                           },
"finish_polar_webhook_event":
{ Args: { "p_detail": string,"p_outcome": string,"p_user_id": string,"p_webhook_id": string }; Returns: string
                           },
"finish_reconcile_run":
{ Args: { "p_checked": number,"p_cursor": Json,"p_done": boolean,"p_drifted": number,"p_endpoint": Json,"p_failed": number,"p_notes": (string)[],"p_polar_calls": number,"p_redelivered": number,"p_repaired": number,"p_run_id": number }; Returns: undefined
                           },
"finish_webhook_event":
{ Args: { "p_detail": string,"p_event_id": string,"p_outcome": string,"p_provider": string,"p_user_id": string }; Returns: string
                           },
"forget_polar_grant_version":
{ Args: { "p_grant_id": string,"p_granted_at"?: string,"p_modified_at": string,"p_revoked_at"?: string }; Returns: boolean
                           },
"forget_polar_subscription_version":
{ Args: { "p_digest": string,"p_modified_at": string,"p_subscription_id": string }; Returns: boolean
                           },
"has_entitlement":
{ Args: { "p_key": string }; Returns: boolean
                           },
"keep_polar_webhook_event":
{ Args: { "p_outcome": string,"p_payload": Json,"p_type": string,"p_webhook_id": string }; Returns: string
                           },
"keep_webhook_event":
{ Args: { "p_event_id": string,"p_outcome": string,"p_payload": Json,"p_provider": string,"p_type": string }; Returns: string
                           },
"link_billing_customer":
{ Args: { "p_claimed_user_id"?: string,"p_customer_id": string,"p_event_id": string,"p_event_type": string,"p_external_user_id"?: string,"p_payload": Json,"p_provider": string }; Returns: string
                           },
"link_polar_customer":
{ Args: { "p_customer_id": string,"p_event_type": string,"p_external_user_id"?: string,"p_payload": Json,"p_webhook_id"?: string }; Returns: string
                           },
"lock_billing_user":
{ Args: { "p_user_id": string }; Returns: boolean
                           },
"mark_polar_checkouts_checked":
{ Args: { "p_checkout_ids": (string)[] }; Returns: undefined
                           },
"mark_polar_events_reconciled":
{ Args: { "p_webhook_ids": (string)[] }; Returns: undefined
                           },
"mark_polar_grants_seen":
{ Args: { "p_grant_ids": (string)[],"p_sweep": string }; Returns: undefined
                           },
"polar_checkouts_to_check":
{ Args: { "p_grace_seconds": number,"p_limit"?: number,"p_ttl_seconds": number }; Returns: string[]
                           },
"polar_grants_not_seen":
{ Args: { "p_sweep": string }; Returns: {
              "grant_id": string,"modified_at": string,"user_id": string
            }[]
                           },
"reconcile_user_subscription":
{ Args: { "p_user_id": string }; Returns: boolean
                           },
"record_polar_checkout":
{ Args: { "p_checkout_id": string,"p_user_id": string }; Returns: undefined
                           },
"record_polar_webhook_event":
{ Args: { "p_outcome"?: string,"p_payload": Json,"p_type": string,"p_webhook_id": string }; Returns: boolean
                           },
"record_reconcile_change":
{ Args: { "p_detail"?: string,"p_kind": string,"p_object_id": string,"p_outcome": string,"p_run_id": number,"p_user_id"?: string }; Returns: undefined
                           },
"record_webhook_event":
{ Args: { "p_event_id": string,"p_outcome": string,"p_payload": Json,"p_provider": string,"p_type": string }; Returns: boolean
                           },
"redelivery_outcome":
{ Args: { "p_webhook_id": string }; Returns: string
                           },
"refresh_user_subscription":
{ Args: { "p_user_id": string }; Returns: undefined
                           },
"resolve_billing_user":
{ Args: { "p_claimed_user_id": string,"p_customer_id": string,"p_external_user_id": string,"p_provider": string }; Returns: Record<string, unknown>
                           },
"revoke_unknown_polar_grant":
{ Args: { "p_grant_id": string,"p_modified_at": string }; Returns: boolean
                           },
"set_polar_webhook_outcome":
{ Args: { "p_detail"?: string,"p_outcome": string,"p_user_id"?: string,"p_webhook_id": string }; Returns: string
                           },
"set_product_entitlements":
{ Args: { "p_descriptions"?: (string)[],"p_keys": (string)[],"p_product_id": string,"p_provider": string }; Returns: undefined
                           },
"subscription_status_rank":
{ Args: { "p_status": string }; Returns: number
                           },
"sync_product_entitlements":
{ Args: { "p_provider": string,"p_subscription_id": string }; Returns: undefined
                           },
"webhook_redelivery_outcome":
{ Args: { "p_event_id": string,"p_provider": string }; Returns: string
                           }
          }
          Enums: {
            [_ in never]: never
          }
          CompositeTypes: {
            [_ in never]: never
          }
        }
}

type DatabaseWithoutInternals = Omit<Database, '__InternalSupabase'>

type DefaultSchema = DatabaseWithoutInternals[Extract<keyof Database, "public">]

export type Tables<
  DefaultSchemaTableNameOrOptions extends
    | keyof (DefaultSchema["Tables"] & DefaultSchema["Views"])
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
        DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])
    : never = never
> = DefaultSchemaTableNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
      DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])[TableName] extends {
      Row: infer R
    }
    ? R
    : never
  : DefaultSchemaTableNameOrOptions extends keyof (DefaultSchema["Tables"] & DefaultSchema["Views"])
  ? (DefaultSchema["Tables"] & DefaultSchema["Views"])[DefaultSchemaTableNameOrOptions] extends {
      Row: infer R
    }
    ? R
    : never
  : never

export type TablesInsert<
  DefaultSchemaTableNameOrOptions extends
    | keyof DefaultSchema["Tables"]
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
    : never = never
> = DefaultSchemaTableNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends {
      Insert: infer I
    }
    ? I
    : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
  ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends {
      Insert: infer I
    }
    ? I
    : never
  : never

export type TablesUpdate<
  DefaultSchemaTableNameOrOptions extends
    | keyof DefaultSchema["Tables"]
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
    : never = never
> = DefaultSchemaTableNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends {
      Update: infer U
    }
    ? U
    : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
  ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends {
      Update: infer U
    }
    ? U
    : never
  : never

export type Enums<
  DefaultSchemaEnumNameOrOptions extends
    | keyof DefaultSchema["Enums"]
    | { schema: keyof DatabaseWithoutInternals },
  EnumName extends DefaultSchemaEnumNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"]
    : never = never
> = DefaultSchemaEnumNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"][EnumName]
  : DefaultSchemaEnumNameOrOptions extends keyof DefaultSchema["Enums"]
  ? DefaultSchema["Enums"][DefaultSchemaEnumNameOrOptions]
  : never

export type CompositeTypes<
  PublicCompositeTypeNameOrOptions extends
    | keyof DefaultSchema["CompositeTypes"]
    | { schema: keyof DatabaseWithoutInternals },
  CompositeTypeName extends PublicCompositeTypeNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions["schema"]]["CompositeTypes"]
    : never = never
> = PublicCompositeTypeNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions["schema"]]["CompositeTypes"][CompositeTypeName]
  : PublicCompositeTypeNameOrOptions extends keyof DefaultSchema["CompositeTypes"]
  ? DefaultSchema["CompositeTypes"][PublicCompositeTypeNameOrOptions]
  : never

export const Constants = {
  "public": {
          Enums: {
            
          }
        }
} as const
